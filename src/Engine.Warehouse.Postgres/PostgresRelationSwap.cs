using Engine.Core.Compilation;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// PostgreSQL's atomic replace: the new relation is built beside the old one and renamed into place in the same
/// transaction, so a failed or killed build leaves the old relation and readers never see it missing. Unlike dbt,
/// views that read the old relation are created again instead of silently dropped with it.
/// </summary>
internal sealed class PostgresRelationSwap
{
    public const string TemporarySuffix = "__engine_tmp";
    public const string BackupSuffix = "__engine_backup";

    private const int DeadlockAttempts = 3;

    /// <summary>SQLSTATE XX000: reading a view another swap just dropped; asking again once that swap committed works.</summary>
    private const string CatalogRace = "XX000";

    private readonly PostgresWarehouse _warehouse;

    /// <summary>
    /// Held by a swap whose relation has dependent views, for its whole transaction: two such swaps recreating the
    /// same view (a BI view over several dimensions) would otherwise wait on each other's locks until PostgreSQL
    /// breaks the deadlock, a second later.
    /// </summary>
    private readonly SemaphoreSlim _swapWithDependentsGate = new(1, 1);

    public PostgresRelationSwap(PostgresWarehouse warehouse) => _warehouse = warehouse;

    private static PostgresMaterializationSql Sql => PostgresMaterializationSql.Instance;

    public async Task ReplaceAsync(RelationReplacement request, CancellationToken cancellationToken)
    {
        // Swaps of this build that recreate dependent views take turns, but a session outside the build can still meet
        // one in a deadlock, which PostgreSQL breaks by failing one side. When that is the swap, its transaction rolled
        // back whole and the old relation is untouched, so it is run again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ReplaceOnceAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (WarehouseStatementException.Find(e) is { Kind: WarehouseErrorKind.Deadlock } && attempt < DeadlockAttempts)
            {
                await request.Session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReplaceOnceAsync(RelationReplacement request, CancellationToken cancellationToken)
    {
        if (request.Kind == RelationKind.View && request.KeepWhenUnchanged && request.SelectAsBuilt is { } select
            && await SameColumnsAsBuiltAsync(request, select, cancellationToken).ConfigureAwait(false))
        {
            // The view in place was built from this very SQL and its select still gives the same columns: what PostgreSQL
            // would store for it now is what it stores, so nothing is created to compare (no catalog writes, one round trip).
            request.Unchanged?.Invoke();
            return;
        }

        // Asked afresh, not read from the build's catalog: a parent's swap may have dropped this view since.
        var existing = await request.Session.DescribeAsync(request.Target, cancellationToken).ConfigureAwait(false);
        if (existing is { Kind: RelationKind.View } && request.Kind == RelationKind.View && request.KeepWhenUnchanged
            && await SameViewAsync(request, cancellationToken).ConfigureAwait(false))
        {
            // Same definition and columns: the view in place already reads its inputs' current rows. Replacing it would
            // lock its inputs and recreate the views over it for nothing.
            request.Unchanged?.Invoke();
            return;
        }

        var dependents = existing is null ? [] : await DependentsAsync(request.Target, cancellationToken).ConfigureAwait(false);
        var gate = dependents.Count > 0 ? _swapWithDependentsGate : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await SwapAsync(request, existing, dependents, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate?.Release();
        }
    }

    private static async Task SwapAsync(RelationReplacement request, RelationInfo? existing, IReadOnlyList<DependentView> dependents, CancellationToken cancellationToken)
    {
        var session = request.Session;
        var target = request.Target;
        var staged = Sql.Beside(target, TemporarySuffix);
        var backup = Sql.Beside(target, BackupSuffix);
        await request.InTransaction(async () =>
        {
            await request.CreateAt(staged).ConfigureAwait(false);
            if (existing is not null && request.KeepWhenUnchanged && existing.Kind == request.Kind
                && await SameContentsAsync(session, staged, target, cancellationToken).ConfigureAwait(false))
            {
                await session.ExecuteAsync(Sql.Drop(staged, request.Kind), cancellationToken).ConfigureAwait(false);
                request.Unchanged?.Invoke();
                return;
            }

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
                    await session.ExecuteAsync(Sql.LockExclusive(locks), cancellationToken).ConfigureAwait(false);
                }

                await session.ExecuteAsync(Sql.Rename(target, existing.Kind, backup.Identifier), cancellationToken).ConfigureAwait(false);
            }

            await session.ExecuteAsync(Sql.Rename(staged, request.Kind, target.Identifier), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                await session.ExecuteAsync(Sql.Drop(backup, existing.Kind), cancellationToken).ConfigureAwait(false);
                await RecreateAsync(request, dependents, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the view in place has the columns (names, types) its unchanged select gives now. A parent that gained a
    /// column under a <c>select *</c>, or changed a column's type, makes them differ. A select that no longer runs is not
    /// reported here: the view is then built as usual, and that build reports it at its location.
    /// </summary>
    private static async Task<bool> SameColumnsAsBuiltAsync(RelationReplacement request, string select, CancellationToken cancellationToken)
    {
        if (request.Session is not PostgresWarehouseSession session)
        {
            return false;
        }

        try
        {
            return await session.SameColumnsAsync(Sql.ViewColumns(request.Target), Sql.ColumnsOf(select), cancellationToken).ConfigureAwait(false);
        }
        catch (WarehouseStatementException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the view the model would create now is the one in place: built beside it in a transaction that is always
    /// rolled back, then compared by columns and by the definition PostgreSQL stores (names resolved, <c>*</c> expanded,
    /// so a new column upstream counts as a change).
    /// </summary>
    private static async Task<bool> SameViewAsync(RelationReplacement request, CancellationToken cancellationToken)
    {
        var session = request.Session;
        var target = request.Target;
        var staged = Sql.Beside(target, TemporarySuffix);
        await session.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await request.CreateAt(staged).ConfigureAwait(false);
            var result = await session.QueryAsync(Sql.SameView(staged, target), 1, cancellationToken).ConfigureAwait(false);
            return result.Rows is [["1"]];
        }
        finally
        {
            await session.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the relation just built holds the same columns and rows as the one in place. Column types without an
    /// equality operator (json) make the comparison fail: that counts as changed, and the savepoint keeps the node's
    /// transaction usable.
    /// </summary>
    private static async Task<bool> SameContentsAsync(IWarehouseSession session, Relation staged, Relation target, CancellationToken cancellationToken)
    {
        var name = PostgresDialect.Instance.RelationName;
        var before = await session.ColumnsAsync(name(target), cancellationToken).ConfigureAwait(false);
        var after = await session.ColumnsAsync(name(staged), cancellationToken).ConfigureAwait(false);
        if (!before.SequenceEqual(after))
        {
            return false;
        }

        await session.ExecuteAsync(Sql.Savepoint("engine_compare"), cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await session.QueryAsync(Sql.SameRows(staged, target), 1, cancellationToken).ConfigureAwait(false);
            return result.Rows is [["1"]];
        }
        catch (WarehouseStatementException)
        {
            await session.ExecuteAsync(Sql.RollbackToSavepoint("engine_compare"), cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// The views reading <paramref name="target"/>, read before the swap's transaction. Another node's swap may drop
    /// one of them while they are read (a view that read this relation before its model changed): PostgreSQL then
    /// fails to open it (XX000), and asking again, on a new connection, once that swap has committed sees the catalog
    /// as it now is.
    /// </summary>
    private async Task<IReadOnlyList<DependentView>> DependentsAsync(Relation target, CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            // Its own connection: the one that hits the error does not survive it, and the node's must live on.
            await using var catalog = await _warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await catalog.DependentViewsAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (WarehouseStatementException e) when (e.Code == CatalogRace && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A view that no longer fits the new columns cannot be kept; it is left dropped with a warning, since
    /// failing here would block the very change that the view's own model is about to follow.
    /// </summary>
    private static async Task RecreateAsync(RelationReplacement request, IReadOnlyList<DependentView> dependents, CancellationToken cancellationToken)
    {
        var session = request.Session;
        foreach (var view in dependents)
        {
            await session.ExecuteAsync(Sql.Savepoint("engine_dependent"), cancellationToken).ConfigureAwait(false);
            try
            {
                await session.ExecuteAsync(Sql.RecreateView(view), cancellationToken).ConfigureAwait(false);
                if (view.Comment is { } comment)
                {
                    // A materialized view's comment holds its definition checksum; losing it would force a rebuild.
                    await session.ExecuteAsync(Sql.Comment(view.Relation, view.Kind, comment), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (WarehouseStatementException e)
            {
                await session.ExecuteAsync(Sql.RollbackToSavepoint("engine_dependent"), cancellationToken).ConfigureAwait(false);
                request.Warn($"dependent view {view.Relation} was dropped and could not be created again: {e.Message}");
            }
        }
    }
}
