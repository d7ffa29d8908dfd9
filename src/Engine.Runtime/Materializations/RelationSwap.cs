using Engine.Core.Compilation;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// Replaces a relation atomically: the new one is built beside it and renamed into place in the same
/// transaction, so a failed or killed build leaves the old relation and readers never see it missing.
/// Unlike dbt, views that read the old relation are created again instead of silently dropped with it.
/// </summary>
public static class RelationSwap
{
    public const string TemporarySuffix = "__engine_tmp";
    public const string BackupSuffix = "__engine_backup";

    public static async Task ReplaceAsync(NodeContext context, RelationKind kind, Func<Relation, Task> createAt)
    {
        // Swaps of this build that recreate dependent views take turns (SwapWithDependentsGate), but a session outside
        // the build can still meet one in a deadlock, which PostgreSQL breaks by failing one side. When that is the
        // swap, its transaction rolled back whole and the old relation is untouched, so it is run again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ReplaceOnceAsync(context, kind, createAt).ConfigureAwait(false);
                return;
            }
            catch (NodeFailure e) when (e.InnerException is WarehouseStatementException { Code: DeadlockDetected } && attempt < DeadlockAttempts)
            {
                await context.Session.RollbackAsync(context.CancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    private const string DeadlockDetected = "40P01";

    private const int DeadlockAttempts = 3;

    private static async Task ReplaceOnceAsync(NodeContext context, RelationKind kind, Func<Relation, Task> createAt)
    {
        var target = context.Relation;
        await context.Build.EnsureSchemaAsync(context.Session, target.Schema, context.CancellationToken).ConfigureAwait(false);
        // Asked afresh, not read from the build's catalog: a parent's swap may have dropped this view since.
        var existing = await context.Session.DescribeAsync(target, context.CancellationToken).ConfigureAwait(false);
        var dependents = existing is null ? [] : await DependentsAsync(context, target).ConfigureAwait(false);
        var gate = dependents.Count > 0 ? context.Build.SwapWithDependentsGate : null;
        if (gate is not null)
        {
            await gate.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }

        try
        {
            await SwapAsync(context, kind, createAt, existing, dependents).ConfigureAwait(false);
        }
        finally
        {
            gate?.Release();
        }
    }

    private static async Task SwapAsync(NodeContext context, RelationKind kind, Func<Relation, Task> createAt, RelationInfo? existing, IReadOnlyList<DependentView> dependents)
    {
        var sql = context.Statements;
        var target = context.Relation;
        var staged = sql.Beside(target, TemporarySuffix);
        var backup = sql.Beside(target, BackupSuffix);
        await context.InTransactionAsync(async () =>
        {
            await createAt(staged).ConfigureAwait(false);
            if (existing is not null)
            {
                // A reader of a dependent view locks the view, then the table; taking them in that same order here
                // means a reader waits for the swap instead of deadlocking with it.
                // LOCK TABLE takes tables and views only; materialized views are left to the statements below.
                List<Relation> locks = [.. dependents.Where(d => d.Kind == RelationKind.View).Select(d => d.Relation).Reverse()];
                if (existing.Kind != RelationKind.MaterializedView)
                {
                    locks.Add(target);
                }

                if (locks.Count > 0)
                {
                    await context.ExecuteAsync(sql.LockExclusive(locks)).ConfigureAwait(false);
                }

                await context.ExecuteAsync(sql.Rename(target, existing.Kind, backup.Identifier)).ConfigureAwait(false);
            }

            await context.ExecuteAsync(sql.Rename(staged, kind, target.Identifier)).ConfigureAwait(false);
            if (existing is not null)
            {
                await context.ExecuteAsync(sql.Drop(backup, existing.Kind)).ConfigureAwait(false);
                await RecreateAsync(context, dependents).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The views reading <paramref name="target"/>, read before the swap's transaction. Another node's swap may drop
    /// one of them while they are read (a view that read this relation before its model changed): PostgreSQL then
    /// fails to open it (XX000), and asking again, on a new connection, once that swap has committed sees the catalog as it
    /// now is.
    /// </summary>
    private static async Task<IReadOnlyList<DependentView>> DependentsAsync(NodeContext context, Relation target)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            // Its own connection: the one that hits the error does not survive it, and the node's must live on.
            await using var catalog = await context.Build.Warehouse.OpenSessionAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                return await catalog.DependentViewsAsync(target, context.CancellationToken).ConfigureAwait(false);
            }
            catch (WarehouseStatementException e) when (e.Code == "XX000" && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A view that no longer fits the new columns cannot be kept; it is left dropped with a warning, since
    /// failing here would block the very change that the view's own model is about to follow.
    /// </summary>
    private static async Task RecreateAsync(NodeContext context, IReadOnlyList<DependentView> dependents)
    {
        var sql = context.Statements;
        foreach (var view in dependents)
        {
            await context.ExecuteAsync(sql.Savepoint("engine_dependent")).ConfigureAwait(false);
            try
            {
                await context.Session.ExecuteAsync(sql.RecreateView(view), context.CancellationToken).ConfigureAwait(false);
                if (view.Comment is { } comment)
                {
                    // A materialized view's comment holds its definition checksum; losing it would force a rebuild.
                    await context.Session.ExecuteAsync(sql.Comment(view.Relation, view.Kind, comment), context.CancellationToken).ConfigureAwait(false);
                }
            }
            catch (WarehouseStatementException e)
            {
                await context.ExecuteAsync(sql.RollbackToSavepoint("engine_dependent")).ConfigureAwait(false);
                context.Warnings.Add($"dependent view {view.Relation} was dropped and could not be created again: {e.Message}");
            }
        }
    }
}
