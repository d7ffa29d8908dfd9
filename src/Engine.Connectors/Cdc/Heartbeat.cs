using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Writes a logical message into the staging database's WAL now and then while following. pgoutput forwards it
/// even when no captured table changed, so the sync can confirm a newer position and the slot never holds WAL back
/// for a quiet source (the usual cause of WAL bloat with CDC tools); no heartbeat table is needed.
/// </summary>
internal sealed class Heartbeat : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Heartbeat(string connectionString, TimeSpan interval, Func<bool> hasUncommitted)
    {
        _loop = Task.Run(() => LoopAsync(connectionString, interval, hasUncommitted, _stop.Token));
    }

    public static async Task<ulong> EmitAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken)
    {
        // Logical decoding sends only flushed WAL; on a server committing asynchronously (the managed cluster) the
        // message waited for the WAL writer (up to wal_writer_delay, 200 ms by default), and every drain with it. The
        // setting is local to the statement's own transaction and still in force when it commits: one round trip, where
        // BEGIN, SET LOCAL, the message and COMMIT took three.
        await using var command = new NpgsqlCommand(
            "SELECT pg_logical_emit_message(true, $1, '')::text, set_config('synchronous_commit', 'on', true)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        var lsn = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return Engine.Warehouse.Cdc.CdcLsn.Parse(lsn);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task LoopAsync(string connectionString, TimeSpan interval, Func<bool> hasUncommitted, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        var last = DateTime.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
                var since = DateTime.UtcNow - last;
                // Also soon after changes, so that a batch left open by a pause in the source is committed within seconds.
                if (since < interval && !(hasUncommitted() && since >= Tick))
                {
                    continue;
                }

                try
                {
                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(connectionString);
                        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await EmitAsync(connection, ChangeStream.HeartbeatPrefix, cancellationToken).ConfigureAwait(false);
                    last = DateTime.UtcNow;
                }
                catch (NpgsqlException)
                {
                    // The server restarting is no reason to stop following: the stream itself reports a lost source.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
