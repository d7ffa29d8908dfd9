using Npgsql;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// When an athlete's profile needs fetching again. A profile changes rarely, so a run reuses the stored one until it is
/// older than the declared age or an athlete <c>update</c> event marked it changed; both are judged on the staging
/// server's clock, the one <c>fetched_at</c> is written with.
/// </summary>
public sealed partial class StagingDatabase
{
    /// <summary>
    /// The athlete id of a configured athlete whose stored profile is still fresh; null when the profile must be fetched:
    /// never fetched, marked changed, older than <paramref name="maxAge"/>, its staged row gone, or the name mapped to more
    /// than one Strava account (the token then decides which one it is).
    /// </summary>
    public async Task<long?> FreshProfileAsync(string athleteName, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.athlete_id,
                   p.fetched_at IS NOT NULL AND NOT p.changed AND p.fetched_at >= clock_timestamp() - $2
                   AND EXISTS (SELECT 1 FROM public.athletes a WHERE a.id = i.athlete_id)
            FROM _engine.strava_athlete_ids i LEFT JOIN _engine.strava_profile_state p USING (athlete_id)
            WHERE i.athlete_name = $1
            LIMIT 2
            """, _connection);
        command.Parameters.AddWithValue(athleteName);
        command.Parameters.AddWithValue(maxAge);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var (id, fresh) = (reader.GetInt64(0), reader.GetBoolean(1));
        return fresh && !await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? id : null;
    }

    /// <summary>Records that the athlete's profile was just fetched (and any change it was marked with is in).</summary>
    public async Task MarkProfileFetchedAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_profile_state VALUES ($1, clock_timestamp(), false)
            ON CONFLICT (athlete_id) DO UPDATE SET fetched_at = EXCLUDED.fetched_at, changed = false
            """, _connection);
        command.Parameters.AddWithValue(athleteId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An athlete event said the profile changed: the next run fetches it whatever its age. Only for an athlete of this
    /// application (an event's ids are not trusted); false otherwise.
    /// </summary>
    public async Task<bool> MarkProfileChangedAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_profile_state
            SELECT $1, '-infinity', true WHERE EXISTS (SELECT 1 FROM _engine.strava_athlete_ids WHERE athlete_id = $1)
            ON CONFLICT (athlete_id) DO UPDATE SET changed = true
            """, _connection);
        command.Parameters.AddWithValue(athleteId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
