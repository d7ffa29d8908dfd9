using System.Globalization;
using Engine.Orchestration.Pipeline;

namespace Engine.Cli.Output;

/// <summary>
/// The end of <c>engine run</c>: each step with its time and what it did, the steps not reached, and the rows of every
/// table the build wrote or found up to date, so a CI log shows at a glance whether the numbers moved.
/// </summary>
public static class PipelineSummary
{
    public static void Print(TextWriter output, PipelineOutcome outcome)
    {
        var (done, skipped) = (outcome.Done, outcome.NotReached);
        var build = outcome.Build;
        output.WriteLine();
        output.WriteLine("Pipeline summary:");
        foreach (var step in done)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Name,-8} {(step.Succeeded ? "ok" : "FAILED"),-7} {step.Elapsed.TotalSeconds,7:F2}s  {step.Detail}"));
        }

        foreach (var step in skipped)
        {
            output.WriteLine($"  {step,-8} skipped");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-8} {string.Empty,-7} {done.Sum(s => s.Elapsed.TotalSeconds),7:F2}s"));
        if (outcome.RunId is { } id)
        {
            output.WriteLine($"  recorded as run {id} (engine runs show {id})");
        }

        if (build is null || build.RowCounts.IsEmpty)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Rows per relation:");
        var width = build.RowCounts.Max(r => r.Relation.Length);
        foreach (var count in build.RowCounts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count.Relation.PadRight(width)}  {count.Rows,12:N0}  {count.Materialized}"));
        }
    }
}
