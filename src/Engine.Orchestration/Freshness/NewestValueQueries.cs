using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Runtime.Sessions;
using Engine.Warehouse;

namespace Engine.Orchestration.Freshness;

/// <summary>
/// The newest value of a column in a relation (under a freshness <c>filter</c>), on one warehouse session opened at the
/// first query, judged against a freshness policy. A failing query is a <c>runtime error</c> for that asset only, as
/// dbt reports it, and the others go on.
/// </summary>
internal sealed class NewestValueQueries(ProjectSession session, ISqlDialect dialect) : IAsyncDisposable
{
    private IWarehouse? _warehouse;
    private IWarehouseSession? _connection;

    public async Task<FreshnessResult> JudgeAsync(string id, Relation relation, string field, FreshnessPolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var sql = $"select max({field}) from {dialect.RelationName(relation)}{(policy.Filter is { } filter ? $" where {filter}" : string.Empty)}";
        var started = clock.GetUtcNow();
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            var rows = await connection.QueryAsync(sql, 1, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var max = FreshnessChecker.Parse(rows.Rows.FirstOrDefault() is { Length: > 0 } row ? row[0] : null);
            var result = max is null
                ? new FreshnessResult(id, relation.ToString(), policy, FreshnessStatus.RuntimeError, null, now) { Error = $"{field} has no value in {relation}" }
                : FreshnessChecker.Judged(id, relation.ToString(), policy, max.Value, now);
            return result with { StartedAt = started, CompletedAt = clock.GetUtcNow() };
        }
        catch (WarehouseStatementException e)
        {
            return new FreshnessResult(id, relation.ToString(), policy, FreshnessStatus.RuntimeError, null, clock.GetUtcNow())
            {
                Error = e.Message,
                StartedAt = started,
                CompletedAt = clock.GetUtcNow(),
            };
        }
    }

    private async Task<IWarehouseSession> ConnectionAsync(CancellationToken cancellationToken)
    {
        _warehouse ??= await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        return _connection ??= await _warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync().ConfigureAwait(false);
        }
    }
}
