using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>Reads and drops replication slots through an ordinary connection to the staging database.</summary>
internal static class Slots
{
    public static async Task<SlotInfo?> FindAsync(NpgsqlConnection source, string slot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT slot_name::text, coalesce(plugin::text, ''), active, active_pid, restart_lsn::text, confirmed_flush_lsn::text,
                   pg_current_wal_lsn()::text,
                   coalesce((pg_current_wal_lsn() - restart_lsn)::bigint, 0), coalesce((pg_current_wal_lsn() - confirmed_flush_lsn)::bigint, 0),
                   wal_status
            FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()
            """,
            source);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SlotInfo(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : reader.GetInt32(3),
            reader.IsDBNull(4) ? null : CdcLsn.Parse(reader.GetString(4)),
            reader.IsDBNull(5) ? null : CdcLsn.Parse(reader.GetString(5)),
            CdcLsn.Parse(reader.GetString(6)),
            reader.GetInt64(7),
            reader.GetInt64(8),
            reader.IsDBNull(9) ? null : reader.GetString(9));
    }

    /// <summary>Whether a slot of that name exists in another database of the server (slot names are cluster-wide).</summary>
    public static async Task<string?> DatabaseOfAsync(NpgsqlConnection source, string slot, CancellationToken cancellationToken) =>
        (await SourceCatalog.ListAsync(source, "SELECT coalesce(database::text, '') FROM pg_replication_slots WHERE slot_name = $1", cancellationToken, slot)
            .ConfigureAwait(false)) is [var database, ..] ? database : null;

    public static async Task DropAsync(NpgsqlConnection source, string slot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_drop_replication_slot($1)", source);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
