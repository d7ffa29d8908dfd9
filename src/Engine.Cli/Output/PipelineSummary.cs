using System.Globalization;
using Engine.Cli.Commands;
using Engine.Core.Project;
using Engine.Runtime.Execution;

namespace Engine.Cli.Output;

/// <summary>
/// The end of <c>engine run</c>: each step with its time and what it did, the steps not reached, and the rows of every
/// relation the build wrote, so a CI log shows at a glance whether the numbers moved.
/// </summary>
public static class PipelineSummary
{
    public static void Print(TextWriter output, IReadOnlyList<PipelineStep> done, IEnumerable<string> skipped, BuildOutcome? build)
    {
        output.WriteLine();
        output.WriteLine("Pipeline summary:");
        foreach (var step in done)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Name,-8} {(step.Exit == ExitCodes.Success ? "ok" : "FAILED"),-7} {step.Elapsed.TotalSeconds,7:F2}s  {step.Detail}"));
        }

        foreach (var step in skipped)
        {
            output.WriteLine($"  {step,-8} skipped");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-8} {string.Empty,-7} {done.Sum(s => s.Elapsed.TotalSeconds),7:F2}s"));
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

    /// <summary>What a build did, in one line: models built and tests passed out of those run.</summary>
    public static string Describe(BuildOutcome outcome)
    {
        var tests = outcome.Results.Where(r => r.Node.Type == ResourceType.Test).ToList();
        var nodes = outcome.Results.Where(r => r.Node.Type != ResourceType.Test).ToList();
        var passed = tests.Count(t => t.Status == NodeStatus.Pass);
        var warned = tests.Count(t => t.Status == NodeStatus.Warn);
        var failed = tests.Count(t => t.Status is NodeStatus.Fail or NodeStatus.Error);
        var built = nodes.Count(n => n.Status == NodeStatus.Success);
        var text = $"{built} of {nodes.Count} nodes built, {passed} of {tests.Count} tests passed";
        if (warned > 0)
        {
            text += $", {warned} warned";
        }

        if (failed > 0)
        {
            text += $", {failed} failed";
        }

        var skipped = outcome.Results.Count(r => r.Status == NodeStatus.Skipped);
        return skipped > 0 ? $"{text}, {skipped} skipped" : text;
    }
}
