using Npgsql;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Lets a slot's restart position move past what a drain reads. PostgreSQL advances a logical slot's
/// <c>restart_lsn</c> only to a running-transactions record its client has confirmed, and logs one every 15 s while
/// WAL is written and at checkpoints; so a sync soon after a large one (a second <c>engine run</c>, a daily run right
/// after a full one) decoded all of the earlier sync's WAL again before reaching its own changes. Logging one just
/// before the drain's end marker puts it inside what the drain confirms.
/// <para>
/// PostgreSQL 16 has <c>pg_log_standby_snapshot()</c>; before it, creating a logical slot logs one, so a temporary
/// slot is made and dropped. Both are best effort: no free slot, no privilege, or a transaction that keeps the new
/// slot waiting longer than a moment leave the restart position where the server would have left it anyway.
/// </para>
/// </summary>
internal static class RestartPoint
{
    /// <returns>Whether the record was logged.</returns>
    public static async Task<bool> LogAsync(NpgsqlConnection source, CancellationToken cancellationToken)
    {
        if (source.PostgreSqlVersion.Major >= 16 && await TryAsync(source, "SELECT pg_log_standby_snapshot()", cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // A new slot waits for every transaction running on the server to end: a long one elsewhere is not worth waiting for.
        if (await TryAsync(source, "SET LOCAL statement_timeout = 500; SELECT pg_create_logical_replication_slot('engine_restart_' || pg_backend_pid(), 'pgoutput', true)", cancellationToken).ConfigureAwait(false))
        {
            await TryAsync(source, "SELECT pg_drop_replication_slot('engine_restart_' || pg_backend_pid())", cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private static async Task<bool> TryAsync(NpgsqlConnection source, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await source.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(sql, source, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }
}
