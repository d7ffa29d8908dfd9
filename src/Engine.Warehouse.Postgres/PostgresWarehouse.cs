using Engine.Core.Compilation;
using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// A PostgreSQL database as a warehouse: one connection per session, from the pool every engine connection to the database
/// shares (<see cref="PostgresConnectionString.ForEngine"/>), so the server's types are loaded once per process.
/// </summary>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly string _connectionString;
    private readonly PostgresRelationSwap _swap;
    private readonly string? _targetName;

    /// <param name="targetName">The pipeline.yml target, named in connection errors.</param>
    public PostgresWarehouse(string connectionString, string? targetName = null)
    {
        _targetName = targetName;
        _connectionString = PostgresConnectionString.ForEngine(connectionString);
        _swap = new PostgresRelationSwap(this);
    }

    public ISqlDialect Dialect => PostgresDialect.Instance;

    public IMaterializationSql Sql => PostgresMaterializationSql.Instance;

    public async Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresWarehouseSession(connection, _targetName);
        }
        catch (Exception e) when (PostgresErrors.IsConnectionFailure(e))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw PostgresErrors.Connection(e, _connectionString, _targetName);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task ReplaceAsync(RelationReplacement replacement, CancellationToken cancellationToken) =>
        _swap.ReplaceAsync(replacement, cancellationToken);

    /// <summary>
    /// Closes the pool's idle connections (the state store's among them, which reconnect without loading types again), so
    /// none outlives the warehouse and keeps a backend of a database a test or a user drops next.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
