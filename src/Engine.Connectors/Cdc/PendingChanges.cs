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
        await using var command = new NpgsqlCommand($"NOTIFY {Channel}", staging);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>False as well when the source was never synced (no slot) or a sync is reading the slot right now.</summary>
    public static async Task<bool> AnyAsync(CdcRequest request, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT EXISTS (
                SELECT 1 FROM pg_logical_slot_peek_binary_changes($1, NULL, 1, 'proto_version', '1', 'publication_names', $2)
                WHERE get_byte(data, 0) IN (73, 85, 68, 84))
            """;
        await using var connection = new NpgsqlConnection(request.SourceConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await Slots.FindAsync(connection, request.Settings.Slot, cancellationToken).ConfigureAwait(false) is not { Active: false })
        {
            return false;
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
