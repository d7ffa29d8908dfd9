using Engine.Warehouse;
using Engine.Warehouse.Postgres;
using Npgsql;

namespace Engine.Connectors;

/// <summary>
/// Failures of the staging PostgreSQL (written by the extractor, read by CDC) as the neutral warehouse exceptions,
/// naming what the connection was for, so the CLI reports a known failure with its own code instead of an internal error.
/// </summary>
public static class StagingErrors
{
    public static async Task<T> GuardAsync<T>(string connectionString, string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PostgresException e) when (!PostgresErrors.IsConnectionFailure(e))
        {
            throw PostgresErrors.Statement(e, e.BatchCommand?.CommandText ?? string.Empty);
        }
        catch (Exception e) when (e is not WarehouseConnectionException && (PostgresErrors.IsConnectionFailure(e) || e is ObjectDisposedException))
        {
            throw PostgresErrors.Connection(e, connectionString, what);
        }
    }
}
