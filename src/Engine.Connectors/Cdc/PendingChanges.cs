using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Whether a source's slot holds changes the warehouse has not applied: peeks (without consuming) the first transaction
/// pgoutput would send and looks for a row change in it (insert, update, delete, truncate). pgoutput skips transactions
/// that touched no published table, so the engine's own bookkeeping in staging (the webhook queue, checkpoints) and
/// the sync's end-of-drain marker are no news. The daemon asks this to sync on its own when changes wait.
/// </summary>
public static class PendingChanges
{
    /// <summary>The channel a writer of staging outside the scheduled extract (the webhook worker) notifies on, so a listening daemon syncs now.</summary>
    public const string Channel = "engine_staging_changed";

    public static async Task NotifyAsync(NpgsqlConnection staging, CancellationToken cancellationToken)
    {
        // Logical decoding reads only flushed WAL, and the managed cluster commits asynchronously: a transaction with an
        // id committed synchronously flushes the WAL of the changes before it, so the daemon the notification wakes
        // finds them in the slot instead of a moment later.
        await using var command = new NpgsqlCommand($"""
            BEGIN;
            SET LOCAL synchronous_commit = on;
            SELECT pg_current_xact_id();
            NOTIFY {Channel};
            COMMIT;
            """, staging);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>False as well when the source was never synced (no slot) or a sync has been reading the slot for 5 s (it applies them).</summary>
    public static async Task<bool> AnyAsync(CdcRequest request, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT EXISTS (
                SELECT 1 FROM pg_logical_slot_peek_binary_changes($1, NULL, 1, 'proto_version', '1', 'publication_names', $2)
                WHERE get_byte(data, 0) IN (73, 85, 68, 84))
            """;
        await using var connection = new NpgsqlConnection(request.SourceConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A sync that just finished may hold the slot a moment longer (its walsender exits after the client is gone);
        // answering "nothing waits" then would leave the changes for the next minute's tick.
        for (var attempt = 0; ; attempt++)
        {
            var slot = await Slots.FindAsync(connection, request.Settings.Slot, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                return false;
            }

            if (!slot.Active)
            {
                break;
            }

            if (attempt == 20)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = request.Settings.Slot });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Settings.Publication });
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            // A sync started between the two statements: it applies the changes.
            return false;
        }
    }
}
