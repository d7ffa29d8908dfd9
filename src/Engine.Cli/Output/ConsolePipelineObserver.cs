using System.Globalization;
using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;
using Engine.Warehouse.Cdc;

namespace Engine.Cli.Output;

/// <summary>
/// Prints a pipeline run: summaries on stdout (for scripts and CI logs), progress on stderr (for people watching).
/// <paramref name="announceSteps"/> adds a <c>==&gt; step</c> line before each step, for <c>engine run</c>.
/// </summary>
public sealed class ConsolePipelineObserver(IBuildObserver build, bool announceSteps, bool json = false) : IPipelineObserver
{
    public IBuildObserver Build { get; } = build;

    public IProgress<ExtractProgress> ExtractProgress { get; } = new ConsoleExtractProgress();

    public void StepStarted(IPipelineStep step)
    {
        if (announceSteps)
        {
            Console.WriteLine($"==> {step.Name}");
        }
    }

    public void StepFinished(StepResult result)
    {
    }

    public void Notice(string message) => Console.WriteLine(message);

    public void BuildStarting(TargetConfig target, int threads)
    {
        if (!json)
        {
            Console.WriteLine($"Running with target '{target.Name}' ({target.Type}), {threads} thread{(threads == 1 ? string.Empty : "s")}");
        }
    }

    public void ExtractFinished(ExtractSummary summary)
    {
        Console.WriteLine($"{"athlete",-12} {"id",12} {"status",-9} {"pages",5} {"activities",10} {"new",6} {"changed",7} {"requests",8}");
        foreach (var a in summary.Athletes)
        {
            Console.WriteLine($"{a.Athlete,-12} {a.AthleteId,12} {a.Status,-9} {a.Pages,5} {a.Activities,10} {a.Inserted,6} {a.Updated,7} {a.Requests,8}");
            if (a.Reason is not null)
            {
                Console.WriteLine($"  {(a.Code is null ? string.Empty : $"{a.Code}: ")}{a.Reason}");
            }

            if (a.Reconcile is { } r)
            {
                Console.WriteLine($"  reconciled: {r.Listed} activities listed in {r.Pages} pages ({r.Reads} reads), {r.Inserted} missing, {r.Updated} changed, " +
                    $"{r.Deleted} deleted on Strava{(r.Complete ? string.Empty : $"; not finished: {r.Reason}")}");
            }
        }

        var state = summary.Complete ? "Extracted" : "Extract stopped early:";
        Console.WriteLine($"{state} {summary.Activities} activities ({summary.Inserted} new, {summary.Updated} changed) of {summary.Athletes.Length} athletes " +
            $"with {summary.Requests} requests in {summary.Elapsed.TotalSeconds:F1}s{(summary.UsedSandbox ? " from the Strava sandbox" : string.Empty)}");
        if (summary.DailyBudgetNote is { } budget)
        {
            Console.WriteLine($"{summary.Reads} of the requests were API reads; {budget}");
        }
    }

    public IProgress<string> SyncProgress(string source) => new SourceProgress(source);

    public void SyncFinished(CdcSummary s, TimeSpan elapsed)
    {
        var snapshot = s.SnapshotTaken ? $"snapshot of {s.SnapshotRows} rows, then " : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Synced source '{s.Source}' ({string.Join(", ", s.Tables)}): {snapshot}{s.Applied.Inserted} inserts, {s.Applied.Updated} updates, " +
            $"{s.Applied.Deleted} deletes in {s.Transactions} transactions, LSN {CdcLsn.Format(s.FromLsn)} -> {CdcLsn.Format(s.ToLsn)} in {elapsed.TotalSeconds:F2}s"));
    }

    /// <summary>One line per page on stderr (progress for people; the summary on stdout is for scripts).</summary>
    private sealed class ConsoleExtractProgress : IProgress<ExtractProgress>
    {
        public void Report(ExtractProgress value) => Console.Error.WriteLine(value.Notice is { } notice
            ? $"{value.Athlete}: {notice}"
            : $"{value.Athlete}: page {value.Pages}, {value.Activities} activities; rate limit left {value.RateLimitLeft15Min?.ToString(CultureInfo.InvariantCulture) ?? "?"}/15min, {value.RateLimitLeftDaily?.ToString(CultureInfo.InvariantCulture) ?? "?"}/day");
    }

    /// <summary>Progress lines on stderr, prefixed by the source, so stdout keeps only the summaries.</summary>
    private sealed class SourceProgress(string source) : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"[{source}] {value}");
    }
}
