using Engine.Core.Compilation;
using Engine.Warehouse.Snowflake.Api;

namespace Engine.Warehouse.Snowflake;

/// <summary>A Snowflake database as a warehouse, reached through the SQL API; sessions share one HTTP client.</summary>
public sealed class SnowflakeWarehouse : IWarehouse
{
    public const string TemporarySuffix = "__engine_tmp";

    private readonly SqlApiClient _client;
    private readonly KeyPairJwt _jwt;
    private readonly string _context;
    private readonly SnowflakeMaterializationSql _sql;
    private readonly IAsyncDisposable? _owned;

    /// <param name="owned">Disposed with the warehouse (a stand-in started for it).</param>
    public SnowflakeWarehouse(SqlApiClient client, KeyPairJwt jwt, string context, SnowflakeMaterializationSql sql, IAsyncDisposable? owned = null)
    {
        _client = client;
        _jwt = jwt;
        _context = context;
        _sql = sql;
        _owned = owned;
    }

    public ISqlDialect Dialect => SnowflakeDialect.Instance;

    public IMaterializationSql Sql => _sql;

    public SqlApiClient Client => _client;

    public Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IWarehouseSession>(new SnowflakeWarehouseSession(_client, _context));

    /// <summary>
    /// A table is built beside the old one and swapped in with <c>alter table ... swap with</c>, one atomic statement, so a
    /// failed or killed build leaves the old table; a view is <c>create or replace</c>d, also one statement. Views reading
    /// the table need nothing: Snowflake resolves their names at query time.
    /// </summary>
    public async Task ReplaceAsync(RelationReplacement replacement, CancellationToken cancellationToken)
    {
        var session = replacement.Session;
        var target = replacement.Target;
        if (replacement.Kind != RelationKind.Table)
        {
            var existing = await session.DescribeAsync(target, cancellationToken).ConfigureAwait(false);
            await replacement.InTransaction(async () =>
            {
                if (existing is not null && existing.Kind != replacement.Kind)
                {
                    await session.ExecuteAsync(_sql.Drop(target, existing.Kind), cancellationToken).ConfigureAwait(false);
                }

                await replacement.CreateAt(target).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return;
        }

        var staged = _sql.Beside(target, TemporarySuffix);
        await replacement.InTransaction(async () =>
        {
            await replacement.CreateAt(staged).ConfigureAwait(false);
            try
            {
                // The usual case, an existing table, in one request; the catalog is asked only when that fails.
                await session.ExecuteAsync($"{_sql.Swap(target, staged)};\n{_sql.Drop(staged, RelationKind.Table)}", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (WarehouseStatementException)
            {
                var existing = await session.DescribeAsync(target, cancellationToken).ConfigureAwait(false);
                if (existing is { Kind: RelationKind.Table })
                {
                    throw;
                }

                if (existing is not null)
                {
                    await session.ExecuteAsync(_sql.Drop(target, existing.Kind), cancellationToken).ConfigureAwait(false);
                }
            }

            await session.ExecuteAsync(_sql.Rename(staged, RelationKind.Table, target.Identifier), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _jwt.Dispose();
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
