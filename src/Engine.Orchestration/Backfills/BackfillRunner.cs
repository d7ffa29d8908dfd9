using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Orchestration.Partitions;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Orchestration.Steps;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Backfills;

/// <summary>
/// <c>engine backfill</c>: the partitions of a range, in runs of consecutive partitions, each partition's status kept in
/// the state store. A run claims its partitions when it is recorded as started and they are done when it is recorded
/// as succeeded, in the same transactions, so after a kill the same command resumes with the partitions not done: none
/// is done twice and none is skipped. The run lock is held for the whole backfill, so nothing runs in between.
/// </summary>
public static class BackfillRunner
{
    public static async Task<BackfillOutcome> RunAsync(
        ProjectSession session, PipelineOptions options, BackfillRequest request, IPipelineObserver observer, IProgress<BackfillProgress>? progress,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var config = session.Definition.Config;
        var definition = BackfillPlanner.Definition(config.Orchestration, request.Partitions);
        var windows = BackfillPlanner.Range(definition, request.From, request.To, clock.GetUtcNow());
        var store = await StateStore.TryOpenAsync(session, clock, cancellationToken).ConfigureAwait(false)
            ?? throw new ProjectException(DiagnosticCodes.StateStoreFailed,
                $"target '{session.Target.Name}' is not PostgreSQL; a backfill keeps its partitions' state in the _engine schema of a PostgreSQL target", session.Target.Location);
        await using var lease = await store.AcquireRunLockAsync(config.Name, options.WaitForOtherRuns, observer.Notice, cancellationToken).ConfigureAwait(false);
        // Runs of a killed attempt become abandoned here, and their claimed partitions failed: pending again.
        await store.MarkAbandonedAsync(RunOwner.Current, RunOwner.IsAlive, cancellationToken).ConfigureAwait(false);

        var selection = string.Join(" ", session.Options.Select) + (session.Options.Exclude.Count > 0 ? " --exclude " + string.Join(" ", session.Options.Exclude) : string.Empty);
        var backfill = await store.OpenBackfillAsync(definition.Name, windows[0].Key, windows[^1].Key, selection, [.. windows.Select(w => w.Key)], cancellationToken).ConfigureAwait(false);
        var alreadyDone = backfill.Partitions.Count(p => p.Done);
        var pending = backfill.Partitions.Where(p => !p.Done).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var skipped = 0;
        if (request.MissingOnly && pending.Count > 0)
        {
            var filled = await store.SucceededPartitionKeysAsync(pending, cancellationToken).ConfigureAwait(false);
            await store.SkipBackfillPartitionsAsync(backfill.Id, filled, cancellationToken).ConfigureAwait(false);
            pending.ExceptWith(filled);
            skipped = filled.Count;
        }

        if (backfill.Resumed)
        {
            observer.Notice($"backfill {backfill.Id}: resuming, {alreadyDone} of {windows.Length} partitions already done");
        }

        var batches = BackfillPlanner.Batches(windows, pending, request.MaxPartitionsPerRun);
        var runs = ImmutableArray.CreateBuilder<PipelineOutcome>();
        var clockStarted = Stopwatch.StartNew();
        var done = windows.Length - pending.Count;
        var doneHere = 0;
        foreach (var (batch, index) in batches.Select((b, i) => (b, i)))
        {
            var range = batch.Length == 1 ? batch[0].Key : $"{batch[0].Key}..{batch[^1].Key}";
            progress?.Report(new BackfillProgress(done, windows.Length, index + 1, batches.Length, range, clockStarted.Elapsed, Eta(clockStarted.Elapsed, doneHere, pending.Count - doneHere)));
            var outcome = await RunBatchAsync(store, lease, session, options, backfill.Id, batch, observer, clock, cancellationToken).ConfigureAwait(false);
            runs.Add(outcome);
            if (!outcome.Succeeded)
            {
                break;
            }

            done += batch.Length;
            doneHere += batch.Length;
        }

        var succeeded = runs.All(r => r.Succeeded);
        progress?.Report(new BackfillProgress(done, windows.Length, runs.Count, batches.Length, string.Empty, clockStarted.Elapsed, succeeded ? TimeSpan.Zero : null));
        await store.FinishBackfillAsync(backfill.Id, succeeded, CancellationToken.None).ConfigureAwait(false);
        return new BackfillOutcome(backfill.Id, backfill.Resumed, windows.Length, alreadyDone, skipped, runs.ToImmutable());
    }

    private static async Task<PipelineOutcome> RunBatchAsync(
        StateStore store, RunLease lease, ProjectSession session, PipelineOptions options, long backfillId, ImmutableArray<PartitionWindow> batch,
        IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (start, end) = (batch[0].Start, batch[^1].End);
        // Templates see the run's window; a single key only when the run processes one partition.
        var partition = new RunPartition(batch.Length == 1 ? batch[0].Key : null, start, end);
        var runSession = ProjectSession.Open(session.Options with { Partition = partition }, session.Warehouses);
        var runOptions = options with
        {
            Extract = PartitionedRun.Extract(options.Extract, start, end),
        };
        var steps = options.Steps is { IsEmpty: false } own ? StepCatalog.For(own) : StepCatalog.For(session.Definition.Config);
        var runStart = new RunStart(RunTrigger.Backfill, "backfill")
        {
            Steps = [.. steps.Select(s => s.Name)],
            PartitionKeys = [.. batch.Select(w => w.Key)],
            BackfillId = backfillId,
        };
        return await RunRecorder.RunAsync(store, runSession, runOptions, runStart, observer, clock, cancellationToken, lease).ConfigureAwait(false);
    }

    private static TimeSpan? Eta(TimeSpan elapsed, int done, int left) =>
        done == 0 ? null : TimeSpan.FromTicks(elapsed.Ticks / done * left);
}
