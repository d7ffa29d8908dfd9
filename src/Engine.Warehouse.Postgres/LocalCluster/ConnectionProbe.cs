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

    public static async Task<bool> WaitUntilAcceptingAsync(LocalPostgresInstance instance, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await TrySelectOneAsync(instance, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> TrySelectOneAsync(LocalPostgresInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(instance.AdministrationConnectionString(timeoutSeconds: 5));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            // Starting up ("the database system is starting up") or not listening yet.
            return false;
        }
    }
}
