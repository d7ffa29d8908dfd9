using System.Diagnostics;
using Engine.Connectors.Cdc;

namespace Engine.Orchestration.Steps;

/// <summary>
/// <c>sync</c>: CDC from the staging database into the warehouse, every source with a <c>cdc:</c> block at once; then
/// (draining, not following) the athletes who deauthorized leave the warehouse (<see cref="DeauthorizedErasure"/>).
/// </summary>
public sealed class SyncStep : IPipelineStep
{
    public const string StepName = "sync";

    public string Name => StepName;

    public async Task<StepResult> RunAsync(StepContext context)
    {
        var started = new Started();
        await StartAsync(context, started, drainAfter: null, Stopwatch.StartNew(), context.CancellationToken).ConfigureAwait(false);
        return await FinishAsync(context, started).ConfigureAwait(false);
    }

    /// <summary>Starts this step with the step before it, to run when that one has succeeded (see <see cref="EarlySync"/>).</summary>
    public EarlySync StartEarly(StepContext context) => new(this, context);

    /// <summary>
    /// Starts one <see cref="CdcSync"/> per source into <paramref name="started"/> (so that those started before a failure
    /// can be stopped). Each drains after <paramref name="drainAfter"/> (null: at once), and until then its progress is held
    /// back, to be released under the step's own heading. <paramref name="clock"/> times them.
    /// </summary>
    internal static async Task StartAsync(StepContext context, Started started, Task? drainAfter, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (session, options, observer, _) = context;
        foreach (var settings in ProjectCdc.Settings(session.Definition, options.SyncSource))
        {
            var request = await ProjectCdc.RequestAsync(settings, session, options.SyncMode, options.SyncReset, cancellationToken).ConfigureAwait(false);
            started.Requests.Add(request);
            IProgress<string> progress = observer.SyncProgress(settings.SourceName);
            if (drainAfter is not null)
            {
                var held = new HeldProgress<string>(progress);
                started.Held.Add(held);
                progress = held;
            }

            started.Runs.Add(Task.Run(async () =>
            {
                var summary = await CdcSync.RunAsync(request, progress, drainAfter, cancellationToken).ConfigureAwait(false);
                observer.SyncFinished(summary, clock.Elapsed);
                return summary;
            }, CancellationToken.None));
        }
    }

    internal async Task<StepResult> FinishAsync(StepContext context, Started started)
    {
        var (session, options, observer, token) = context;
        var synced = await Task.WhenAll(started.Runs).ConfigureAwait(false);
        var detail = $"{synced.Sum(s => s.SnapshotRows):N0} snapshot rows, {synced.Sum(s => s.Applied.Inserted):N0} inserts, " +
            $"{synced.Sum(s => s.Applied.Updated):N0} updates, {synced.Sum(s => s.Applied.Deleted):N0} deletes";
        if (options.SyncMode == CdcMode.Drain)
        {
            var erased = await DeauthorizedErasure.RunAsync(session, started.Requests, token).ConfigureAwait(false);
            if (erased.Count > 0)
            {
                var text = $"erased {erased.Sum(e => e.Rows):N0} rows of {erased.Select(e => e.AthleteId).Distinct().Count()} deauthorized athlete(s) " +
                    $"from {erased.Select(e => (e.Schema, e.Table)).Distinct().Count()} tables";
                observer.Notice(text);
                detail += ", " + text;
            }
        }

        return new StepResult(Name, StepStatus.Succeeded, TimeSpan.Zero, detail) { Sync = synced };
    }

    /// <summary>The syncs of a started step: their requests, their runs, and their held progress (when held).</summary>
    internal sealed class Started
    {
        public List<CdcRequest> Requests { get; } = [];

        public List<Task<CdcSummary>> Runs { get; } = [];

        public List<HeldProgress<string>> Held { get; } = [];
    }
}
