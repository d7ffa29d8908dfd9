using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.State;

/// <summary>
/// Runs the pipeline with a record in the state store: the run is written as running before its first step, kept
/// alive by a heartbeat, and finished with its steps, nodes and assets, whatever way it ends. Runs left running by a
/// process that is gone are marked abandoned first.
/// </summary>
public static class RunRecorder
{
    /// <summary>How often a running run says it is alive; well under <see cref="StateStore.StaleAfter"/>.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs with a record in the project's state store; on a target without one (not PostgreSQL) the run is not
    /// recorded and the observer hears why.
    /// </summary>
    public static async Task<PipelineOutcome> RunAsync(
        ProjectSession session, PipelineOptions options, RunStart start, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The owner reads the process's start time from /proc (a few ms, more on a loaded machine): worked out on another
        // thread while the state store opens.
        _ = Task.Run(() => RunOwner.Current, CancellationToken.None);
        if (await StateStore.TryOpenAsync(session, clock, cancellationToken).ConfigureAwait(false) is not { } store)
        {
            observer.Notice($"run history is not recorded: target '{session.Target.Name}' is not PostgreSQL, where the state store lives");
            return await PipelineRunner.RunAsync(session, options, observer, cancellationToken).ConfigureAwait(false);
        }

        return await RunAsync(store, session, options, start, observer, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="lease">The run lock when the caller already holds it (a backfill holds it across its runs); null takes it here.</param>
    public static async Task<PipelineOutcome> RunAsync(
        StateStore store, ProjectSession session, PipelineOptions options, RunStart start, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken,
        RunLease? lease = null)
    {
        // Runs of processes that are gone are marked while the lock's own connection opens (the store's pooled one is
        // free): neither needs the other, and both are first uses the process pays for. A start that had to wait for
        // another run marks again once it holds the lock, in case that run's process died while it waited.
        var owner = RunOwner.Current;
        var waited = false;
        async Task<RunLease?> LockAsync() => lease is null
            ? await store.AcquireRunLockAsync(session.Definition.Config.Name, options.WaitForOtherRuns, notice => { waited = true; observer.Notice(notice); }, cancellationToken).ConfigureAwait(false)
            : null;
        var abandoned = store.MarkAbandonedAsync(owner, RunOwner.IsAlive, cancellationToken);
        var locking = LockAsync();
        try
        {
            await Task.WhenAll(abandoned, locking).ConfigureAwait(false);
        }
        catch
        {
            if (locking.IsCompletedSuccessfully && locking.Result is { } taken)
            {
                await taken.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        await using var own = locking.Result;
        if (waited)
        {
            await store.MarkAbandonedAsync(owner, RunOwner.IsAlive, cancellationToken).ConfigureAwait(false);
        }

        var runId = await store.StartRunAsync(start, owner, cancellationToken).ConfigureAwait(false);
        // A failed heartbeat is not worth failing the run for: at worst a later start calls the run abandoned.
        using var heartbeat = clock.CreateTimer(
            _ => _ = store.HeartbeatAsync(runId, CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskScheduler.Default),
            null, HeartbeatInterval, HeartbeatInterval);
        PipelineOutcome outcome;
        try
        {
            outcome = await PipelineRunner.RunAsync(session, options, observer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Recorded even when cancelled (Ctrl-C), so the history shows why the run stopped; the caller still sees the error.
            await store.FinishRunAsync(runId, new RunCompletion(RunStatus.Failed, e is OperationCanceledException ? "cancelled" : e.Message), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await store.FinishRunAsync(runId, Completion(session, start, outcome), CancellationToken.None).ConfigureAwait(false);
        return outcome with { RunId = runId };
    }

    public static RunCompletion Completion(ProjectSession session, RunStart start, PipelineOutcome outcome)
    {
        var failed = outcome.Done.FirstOrDefault(s => !s.Succeeded);
        var nodes = outcome.Build?.Results ?? [];
        var rows = outcome.Build?.RowCounts.ToDictionary(r => r.Relation, r => r.Rows, StringComparer.Ordinal) ?? [];
        var partitionKey = start.PartitionKeys.Length == 1 ? start.PartitionKeys[0] : string.Empty;
        return new RunCompletion(outcome.Succeeded ? RunStatus.Succeeded : RunStatus.Failed, failed is null ? null : $"{failed.Name}: {failed.Detail}")
        {
            Steps = [.. outcome.Done.Select(s => new StepRecord(s.Name, s.Status.ToString().ToLowerInvariant(), s.Elapsed, s.Detail))],
            Nodes = [.. nodes.Select(r => Node(r, rows))],
            // An up-to-date node is current as of this run, like one rebuilt: eager automation must not find it behind a
            // parent that was rebuilt with the same contents, or it would be due on every tick.
            Assets = [.. nodes.Where(r => r.Node.Type != ResourceType.Test && r.Node.Relation is not null && (r.Status != NodeStatus.Skipped || r.UpToDate))
                .Select(r => new AssetResult(r.Node.UniqueId, string.Empty, Status(r.UpToDate ? NodeStatus.Success : r.Status), r.Status == NodeStatus.Success || r.UpToDate) { Rows = RowsOf(r, rows) })
                .Concat(SyncedSources(session, outcome, partitionKey))],
        };
    }

    /// <summary>
    /// The source tables a successful sync step brought new data to: a sync that took a snapshot or applied a change.
    /// A quiet sync records nothing, so it is no news to eager models. The counts are per source, so a change in one of
    /// its tables counts for all of them.
    /// </summary>
    private static IEnumerable<AssetResult> SyncedSources(ProjectSession session, PipelineOutcome outcome, string partitionKey) =>
        outcome.Done.Where(s => s.Name == SyncStep.StepName && s.Succeeded && s.Sync is not null)
            .SelectMany(s => s.Sync!)
            .Where(summary => summary.SnapshotTaken || summary.SnapshotRows > 0 || summary.Applied.Total > 0)
            .SelectMany(summary => summary.Tables.Select(table => new AssetResult(NodeIds.Source(session.Definition.Config.Name, summary.Source, table), partitionKey, "success", true)));

    private static NodeRecord Node(NodeResult result, IReadOnlyDictionary<string, long> rows) =>
        new(result.Node.UniqueId, result.Node.Type.ToString().ToLowerInvariant(), result.Node.Relation?.ToString(), Status(result.Status))
        {
            Rows = RowsOf(result, rows),
            StartedAt = result.StartedAt,
            Elapsed = result.Elapsed,
            Message = result.Message,
        };

    private static long? RowsOf(NodeResult result, IReadOnlyDictionary<string, long> rows) =>
        result.Node.Relation is { } r && rows.TryGetValue($"{r.Schema}.{r.Identifier}", out var n) ? n : result.RowsAffected ?? result.Failures;

    private static string Status(NodeStatus status) => status.ToString().ToLowerInvariant();
}
