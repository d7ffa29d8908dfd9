using System.Net.Sockets;
using Npgsql;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Waits for a real query to succeed. pg_ctl -w only waits for the postmaster to report "ready";
/// the engine needs to know that a TCP connection on the configured address works.
/// </summary>
internal static class ConnectionProbe
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What a probe found: a server that accepts connections, and whether the database asked about exists.</summary>
    public enum Result
    {
        NotAccepting,
        Accepting,
        DatabaseMissing,
    }

    public static async Task<bool> WaitUntilAcceptingAsync(LocalPostgresInstance instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        await WaitUntilAcceptingAsync(instance, null, timeout, cancellationToken).ConfigureAwait(false) != Result.NotAccepting;

    /// <summary>
    /// With a <paramref name="database"/>, the probe is the first open of the engine's own pooled connection to it
    /// (<see cref="LocalPostgresInstance.EngineConnectionString"/>): the connection, and the types Npgsql loads with it,
    /// serve the command's first real statement, and a missing database (3D000) proves the server accepts connections.
    /// </summary>
    public static async Task<Result> WaitUntilAcceptingAsync(LocalPostgresInstance instance, string? database, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await TryAsync(instance, database, cancellationToken).ConfigureAwait(false);
            if (result != Result.NotAccepting || DateTime.UtcNow >= deadline)
            {
                return result;
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="database"/> exists on a server known to accept connections, by opening the engine's connection to it.</summary>
    public static async Task<bool> DatabaseExistsAsync(LocalPostgresInstance instance, string database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(instance.EngineConnectionString(database));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    private static async Task<Result> TryAsync(LocalPostgresInstance instance, string? database, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            if (database is not null)
            {
                await using var connection = new NpgsqlConnection(instance.EngineConnectionString(database));
                await connection.OpenAsync(attempt.Token).ConfigureAwait(false);
                return Result.Accepting;
            }

            await using (var connection = new NpgsqlConnection(instance.AdministrationConnectionString(timeoutSeconds: (int)AttemptTimeout.TotalSeconds)))
            {
                await connection.OpenAsync(attempt.Token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                return await command.ExecuteScalarAsync(attempt.Token).ConfigureAwait(false) is 1 ? Result.Accepting : Result.NotAccepting;
            }
        }
        catch (PostgresException e) when (database is not null && e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return Result.DatabaseMissing;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Starting up ("the database system is starting up") or not listening yet.
            return Result.NotAccepting;
        }
    }
}
