using Npgsql;
using NpgsqlTypes;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// Reconciliation's state: per athlete, when the last full listing finished, and for one in progress where it is
/// (<c>resume_before</c>, the oldest start listed) and which ids it has listed. Each page commits with its checkpoint,
/// like the extract's, so a stop resumes where it was.
/// </summary>
public sealed partial class StagingDatabase
{
    /// <summary>
    /// Whether an athlete's full listing is due: never done, one in progress, or the last finished longer than
    /// <paramref name="every"/> ago (on the staging server's clock).
    /// </summary>
    public async Task<bool> ReconcileDueAsync(long athleteId, TimeSpan every, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT coalesce((SELECT NOT complete OR completed_at < clock_timestamp() - $2 FROM _engine.strava_reconcile_state WHERE athlete_id = $1), true)
            """, _connection);
        command.Parameters.AddWithValue(athleteId);
        command.Parameters.AddWithValue(every);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>
    /// Where the athlete's listing continues: below <c>resume_before</c> of one in progress, or from the newest activity
    /// (null) for a new one, which forgets the ids a finished listing had seen.
    /// </summary>
    public async Task<DateTime?> StartReconcileAsync(long athleteId, DateTime startedAt, CancellationToken cancellationToken)
    {
        await using (var open = new NpgsqlCommand("SELECT resume_before FROM _engine.strava_reconcile_state WHERE athlete_id = $1 AND NOT complete", _connection))
        {
            open.Parameters.AddWithValue(athleteId);
            await using var reader = await open.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return reader.IsDBNull(0) ? null : reader.GetDateTime(0);
            }
        }

        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteForAthleteAsync("DELETE FROM _engine.strava_reconcile_seen WHERE athlete_id = $1", athleteId, cancellationToken).ConfigureAwait(false);
        await using (var start = new NpgsqlCommand("""
            INSERT INTO _engine.strava_reconcile_state (athlete_id, started_at, resume_before, complete, pages) VALUES ($1, $2, NULL, false, 0)
            ON CONFLICT (athlete_id) DO UPDATE SET started_at = $2, resume_before = NULL, complete = false, pages = 0
            """, _connection))
        {
            start.Parameters.AddWithValue(athleteId);
            start.Parameters.Add(new NpgsqlParameter { Value = startedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await start.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// One page of the listing, in one transaction: activities missing from staging are inserted, those whose listed
    /// summary says something the staged row does not are updated (a detailed row from a webhook fetch holds every
    /// summary field, so it is left alone when nothing changed), the ids are remembered and the checkpoint moves below
    /// the page.
    /// </summary>
    public async Task<PageLoad> CommitReconcilePageAsync(long athleteId, IReadOnlyList<StagedRecord> activities, DateTime resumeBefore, DateTime extractedAt, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var load = await LoadAsync(StagingTable.Activities, activities, extractedAt, StagingSql.UpsertWhenNotContained, cancellationToken).ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(_connection))
        {
            var seen = new NpgsqlBatchCommand("INSERT INTO _engine.strava_reconcile_seen SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING");
            seen.Parameters.AddWithValue(athleteId);
            seen.Parameters.AddWithValue(activities.Select(a => a.Id).ToArray());
            var checkpoint = new NpgsqlBatchCommand("UPDATE _engine.strava_reconcile_state SET resume_before = $2, pages = pages + 1 WHERE athlete_id = $1");
            checkpoint.Parameters.AddWithValue(athleteId);
            checkpoint.Parameters.Add(new NpgsqlParameter { Value = resumeBefore, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(seen);
            batch.BatchCommands.Add(checkpoint);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return load;
    }

    /// <summary>
    /// The listing reached its end: the athlete's staged activities it did not list are deleted (CDC carries the deletes
    /// on), except those staged or changed since it started, which a listing that began earlier could not judge; the
    /// listing is marked complete. Returns the ids deleted.
    /// </summary>
    public async Task<IReadOnlyList<long>> FinishReconcileAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<long>();
        await using (var delete = new NpgsqlCommand("""
            DELETE FROM public.activities a
            WHERE a.athlete_id = $1
              AND a._extracted_at < (SELECT started_at FROM _engine.strava_reconcile_state WHERE athlete_id = $1)
              AND NOT EXISTS (SELECT 1 FROM _engine.strava_reconcile_seen s WHERE s.athlete_id = $1 AND s.activity_id = a.id)
            RETURNING a.id
            """, _connection))
        {
            delete.Parameters.AddWithValue(athleteId);
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(reader.GetInt64(0));
            }
        }

        await ExecuteForAthleteAsync("DELETE FROM _engine.strava_reconcile_seen WHERE athlete_id = $1", athleteId, cancellationToken).ConfigureAwait(false);
        await ExecuteForAthleteAsync(
            "UPDATE _engine.strava_reconcile_state SET complete = true, completed_at = clock_timestamp(), resume_before = NULL WHERE athlete_id = $1",
            athleteId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>A first load listed the whole history into an empty staging: it counts as a finished reconciliation.</summary>
    public async Task MarkReconciledAsync(long athleteId, CancellationToken cancellationToken)
    {
        await ExecuteForAthleteAsync("""
            INSERT INTO _engine.strava_reconcile_state (athlete_id, started_at, resume_before, complete, pages, completed_at)
            VALUES ($1, clock_timestamp(), NULL, true, 0, clock_timestamp())
            ON CONFLICT (athlete_id) DO UPDATE SET complete = true, resume_before = NULL, completed_at = clock_timestamp()
            """, athleteId, cancellationToken).ConfigureAwait(false);
        await ExecuteForAthleteAsync("DELETE FROM _engine.strava_reconcile_seen WHERE athlete_id = $1", athleteId, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteForAthleteAsync(string sql, long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.AddWithValue(athleteId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
