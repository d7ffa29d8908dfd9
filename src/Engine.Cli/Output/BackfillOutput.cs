using System.Globalization;
using Engine.Orchestration.Backfills;

namespace Engine.Cli.Output;

/// <summary><c>engine backfill</c>'s progress lines (partitions done, the run starting, the time left) and its summary.</summary>
public static class BackfillOutput
{
    public static string Line(BackfillProgress p)
    {
        var percent = p.Total == 0 ? 100 : 100 * p.Done / p.Total;
        var eta = p.Eta is { } left ? $"ETA {Duration(left)}" : "ETA unknown";
        return p.Range.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"backfill: {p.Done}/{p.Total} partitions ({percent}%) in {Duration(p.Elapsed)}")
            : string.Create(CultureInfo.InvariantCulture, $"backfill: {p.Done}/{p.Total} partitions ({percent}%), run {p.Run}/{p.Runs}: {p.Range}, {eta}");
    }

    public static void PrintSummary(TextWriter output, BackfillOutcome outcome)
    {
        output.WriteLine();
        output.WriteLine($"Backfill {outcome.BackfillId}{(outcome.Resumed ? " (resumed)" : string.Empty)}: {outcome.Total} partitions, " +
            $"{outcome.AlreadyDone} done before, {outcome.Skipped} already filled (skipped), {outcome.Runs.Length} runs started " +
            $"({string.Join(", ", outcome.Runs.Select(r => $"run {r.RunId} {(r.Succeeded ? "ok" : "FAILED")}"))})");
        if (outcome.Deciding is { Succeeded: false } failed)
        {
            PipelineSummary.Print(output, failed);
            output.WriteLine("Run the same command again to resume with the partitions not done.");
        }
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
