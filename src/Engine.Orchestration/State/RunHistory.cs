using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.State;

/// <summary>
/// What <c>engine runs</c> reads. Runs whose process is gone are marked abandoned before listing, so the history
/// never shows a dead run as running.
/// </summary>
public static class RunHistory
{
    public static async Task<ImmutableArray<RunRecord>> ListAsync(ProjectSession session, int limit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(session, clock, cancellationToken).ConfigureAwait(false);
        return await store.ListRunsAsync(limit, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="ProjectException">No run has this id.</exception>
    public static async Task<RunRecord> ShowAsync(ProjectSession session, long id, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(session, clock, cancellationToken).ConfigureAwait(false);
        return await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ProjectException(DiagnosticCodes.RunNotFound, $"no run {id} in the run history (engine runs lists them)", null);
    }

    private static async Task<StateStore> OpenAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = await StateStore.TryOpenAsync(session, clock, cancellationToken).ConfigureAwait(false)
            ?? throw new ProjectException(DiagnosticCodes.StateStoreFailed,
                $"target '{session.Target.Name}' is not PostgreSQL; the run history lives in the _engine schema of a PostgreSQL target", session.Target.Location);
        await store.MarkAbandonedAsync(RunOwner.Current, RunOwner.IsAlive, cancellationToken).ConfigureAwait(false);
        return store;
    }
}
