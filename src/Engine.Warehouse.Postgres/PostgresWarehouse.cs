using Engine.Core.Compilation;
using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>A PostgreSQL database as a warehouse: one pooled data source, one connection per session.</summary>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresRelationSwap _swap;
    private readonly string? _targetName;

    /// <param name="targetName">The pipeline.yml target, named in connection errors.</param>
    public PostgresWarehouse(string connectionString, string? targetName = null)
    {
        _targetName = targetName;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Builds are long statements; the engine cancels them itself (Ctrl-C, --fail-fast).
            CommandTimeout = 0,
            ApplicationName = "engine",

            // Dates cut from timestamptz (days, months) must not depend on the server's or the machine's time zone.
            Timezone = "UTC",
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _swap = new PostgresRelationSwap(this);
    }

    public ISqlDialect Dialect => PostgresDialect.Instance;

    public IMaterializationSql Sql => PostgresMaterializationSql.Instance;

    public async Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresWarehouseSession(connection, _targetName);
        }
        catch (Exception e) when (PostgresErrors.IsConnectionFailure(e))
        {
            throw PostgresErrors.Connection(e, _dataSource.ConnectionString, _targetName);
        }
    }

    public Task ReplaceAsync(RelationReplacement replacement, CancellationToken cancellationToken) =>
        _swap.ReplaceAsync(replacement, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
