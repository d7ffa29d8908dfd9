using System.Diagnostics;
using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
using Engine.Warehouse;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;

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

    /// <summary>
    /// How far behind the server a source's slot may be left at the end of a run: beyond it, the run drains it once more
    /// (<see cref="CatchUpAsync"/>).
    /// </summary>
    public const long CatchUpLimit = 64L << 20;

    /// <summary>
    /// After the build: each source whose slot now lags its server by more than <see cref="CatchUpLimit"/> is drained
    /// once more. When the staging database shares the warehouse's server (the managed cluster), the build's own WAL
    /// lies between the slot and the server's end. Until a sync reads past it the slot keeps it on disk, and the next
    /// run's sync decodes it before its own changes: a full build of 1,000,000 activities left about 2 s of decoding to
    /// the next daily run. A slot in use (a following sync reads it) is left alone. Changes committed at the source since
    /// the sync are applied as any drain applies them, and the next run builds from them. A failure fails nothing: it is
    /// reported, and the next sync reads that WAL as before.
    /// </summary>
    internal static async Task CatchUpAsync(StepContext context)
    {
        var (session, options, observer, token) = context;
        foreach (var settings in ProjectCdc.Settings(session.Definition, options.SyncSource))
        {
            try
            {
                var request = await ProjectCdc.RequestAsync(settings, session, CdcMode.Drain, reset: false, token).ConfigureAwait(false);
                if (await CdcSync.SlotAsync(request, token).ConfigureAwait(false) is not { Active: false, LagBytes: > CatchUpLimit } slot)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                var summary = await CdcSync.RunAsync(request, progress: null, token).ConfigureAwait(false);
                observer.Notice($"sync of source '{settings.SourceName}' read past {SlotInfo.Bytes(slot.LagBytes)} of WAL written on its server since it ran (the build's, mostly) " +
                    $"in {clock.Elapsed.TotalSeconds:F2}s, so the server can recycle it" + (summary.Applied.Total > 0 ? $"; {summary.Applied.Total:N0} new changes applied" : string.Empty));
            }
            catch (Exception e) when (e is WarehouseConnectionException or WarehouseStatementException or ResourceBusyException or LocalPostgresException or NpgsqlException)
            {
                observer.Notice($"warning: source '{settings.SourceName}': the slot was not moved past the build's WAL ({e.Message}); the next sync reads it");
            }
        }
    }

    /// <summary>The syncs of a started step: their requests, their runs, and their held progress (when held).</summary>
    internal sealed class Started
    {
        public List<CdcRequest> Requests { get; } = [];

        public List<Task<CdcSummary>> Runs { get; } = [];

        public List<HeldProgress<string>> Held { get; } = [];
    }
}
