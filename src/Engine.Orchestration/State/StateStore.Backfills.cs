using System.Collections.Immutable;
using Npgsql;

namespace Engine.Orchestration.State;

/// <summary>The backfill statements of the state store: a backfill and the status of each of its partitions.</summary>
public sealed partial class StateStore
{
    /// <summary>
    /// The unfinished backfill asked for the same way (partitions definition, range, selection), to resume, or a new one
    /// with every key pending. Opened under a lock, so two backfills started at once do not both create one.
    /// </summary>
    public async Task<BackfillRecord> OpenBackfillAsync(
        string partitions, string fromKey, string toKey, string selection, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('_engine backfills'))", null, cancellationToken).ConfigureAwait(false);
        long? id;
        await using (var find = new NpgsqlCommand("""
            SELECT id FROM _engine.backfills
            WHERE partitions = @partitions AND from_key = @from AND to_key = @to AND selection = @selection AND status <> 'succeeded'
            ORDER BY id DESC LIMIT 1
            """, connection))
        {
            Bind(find.Parameters, partitions, fromKey, toKey, selection);
            id = await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        }

        var resumed = id is not null;
        if (id is null)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO _engine.backfills (partitions, from_key, to_key, selection, status, created_at)
                VALUES (@partitions, @from, @to, @selection, 'running', @now) RETURNING id
                """, connection);
            Bind(insert.Parameters, partitions, fromKey, toKey, selection);
            insert.Parameters.AddWithValue("now", Now);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await ExecuteAsync(connection, """
                INSERT INTO _engine.backfill_partitions (backfill_id, ordinal, partition_key, status)
                SELECT @id, k.ordinal, k.key, 'pending' FROM unnest(@keys::text[]) WITH ORDINALITY AS k (key, ordinal)
                """, p => { p.AddWithValue("id", id.Value); p.AddWithValue("keys", keys.ToArray()); }, cancellationToken).ConfigureAwait(false);
        }

        var result = new BackfillRecord(id.Value, resumed, await ReadBackfillPartitionsAsync(connection, id.Value, cancellationToken).ConfigureAwait(false));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<ImmutableArray<BackfillPartition>> BackfillPartitionsAsync(long backfillId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadBackfillPartitionsAsync(connection, backfillId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks pending partitions as skipped (<c>--missing-only</c> found them filled).</summary>
    public async Task SkipBackfillPartitionsAsync(long backfillId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            UPDATE _engine.backfill_partitions SET status = 'skipped'
            WHERE backfill_id = @id AND partition_key = ANY(@keys) AND status <> 'succeeded'
            """, p => { p.AddWithValue("id", backfillId); p.AddWithValue("keys", keys.ToArray()); }, cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishBackfillAsync(long backfillId, bool succeeded, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "UPDATE _engine.backfills SET status = @status, finished_at = @now WHERE id = @id", p =>
        {
            p.AddWithValue("status", succeeded ? "succeeded" : "failed");
            p.AddWithValue("now", Now);
            p.AddWithValue("id", backfillId);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keys among <paramref name="keys"/> that a successful run has processed (filled partitions).</summary>
    public async Task<ImmutableHashSet<string>> SucceededPartitionKeysAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT k FROM _engine.runs r, unnest(r.partition_keys) AS k
            WHERE r.status = 'succeeded' AND k = ANY(@keys)
            """, connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result.ToImmutable();
    }

    private static async Task<ImmutableArray<BackfillPartition>> ReadBackfillPartitionsAsync(NpgsqlConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT partition_key, status, run_id, attempts FROM _engine.backfill_partitions WHERE backfill_id = @id ORDER BY ordinal", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = ImmutableArray.CreateBuilder<BackfillPartition>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new BackfillPartition(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3)));
        }

        return result.ToImmutable();
    }

    private static void Bind(NpgsqlParameterCollection parameters, string partitions, string fromKey, string toKey, string selection)
    {
        parameters.AddWithValue("partitions", partitions);
        parameters.AddWithValue("from", fromKey);
        parameters.AddWithValue("to", toKey);
        parameters.AddWithValue("selection", selection);
    }
}
