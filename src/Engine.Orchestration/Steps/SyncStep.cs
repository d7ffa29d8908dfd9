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
        var (session, options, observer, token) = context;
        var runs = new List<Task<CdcSummary>>();
        var requests = new List<CdcRequest>();
        foreach (var settings in ProjectCdc.Settings(session.Definition, options.SyncSource))
        {
            var request = await ProjectCdc.RequestAsync(settings, session, options.SyncMode, options.SyncReset, token).ConfigureAwait(false);
            requests.Add(request);
            var progress = observer.SyncProgress(settings.SourceName);
            var clock = Stopwatch.StartNew();
            runs.Add(Task.Run(async () =>
            {
                var summary = await CdcSync.RunAsync(request, progress, token).ConfigureAwait(false);
                observer.SyncFinished(summary, clock.Elapsed);
                return summary;
            }, CancellationToken.None));
        }

        var synced = await Task.WhenAll(runs).ConfigureAwait(false);
        var detail = $"{synced.Sum(s => s.SnapshotRows):N0} snapshot rows, {synced.Sum(s => s.Applied.Inserted):N0} inserts, " +
            $"{synced.Sum(s => s.Applied.Updated):N0} updates, {synced.Sum(s => s.Applied.Deleted):N0} deletes";
        if (options.SyncMode == CdcMode.Drain)
        {
            var erased = await DeauthorizedErasure.RunAsync(session, requests, token).ConfigureAwait(false);
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
}
