using System.Globalization;
using Engine.Core.Diagnostics;
using Engine.Warehouse.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// The extractor's staging database: creates its tables when missing, holds the extract lock for the run, and
/// commits each page of activities together with the athlete's checkpoint, so a stop at any point leaves whole
/// pages and a checkpoint that matches them.
/// </summary>
public sealed partial class StagingDatabase : IAsyncDisposable
{
    private const string LockKey = "engine:strava:extract";
    private readonly NpgsqlConnection _connection;
    private readonly string _connectionString;

    /// <summary>Whether this connection holds the extract lock (the run's first one) or works under it (<see cref="OpenSessionAsync"/>).</summary>
    private readonly bool _holdsLock;

    private StagingDatabase(NpgsqlConnection connection, string connectionString, bool holdsLock)
    {
        _connection = connection;
        _connectionString = connectionString;
        _holdsLock = holdsLock;
    }

    public static async Task<StagingDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(connectionString, cancellationToken).ConfigureAwait(false);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var locking = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext($1))", connection))
            {
                locking.Parameters.AddWithValue(LockKey);
                if (await locking.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    throw new StravaExtractException(DiagnosticCodes.StravaExtractBusy,
                        $"another extract is running against staging database '{connection.Database}'{await HolderAsync(connection, cancellationToken).ConfigureAwait(false)}; wait for it to finish");
                }
            }

            await ExecuteAsync(connection, StagingSql.CreateTables(), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, StagingSql.CreateStageTable(StagingTable.Athletes), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, StagingSql.CreateStageTable(StagingTable.Activities), cancellationToken).ConfigureAwait(false);
            await LocateStagedActivitiesAsync(connection, cancellationToken).ConfigureAwait(false);
            return new StagingDatabase(connection, connectionString, holdsLock: true);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Another connection to the same staging database for an athlete extracted alongside others: a page commits in
    /// one transaction, so athletes at once need one connection each. It works under this connection's extract lock
    /// (held until this one is disposed, after every session), with its own stage tables.
    /// </summary>
    public async Task<StagingDatabase> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, StagingSql.CreateStageTable(StagingTable.Athletes) + ";" + StagingSql.CreateStageTable(StagingTable.Activities), cancellationToken)
                .ConfigureAwait(false);
            return new StagingDatabase(connection, _connectionString, holdsLock: false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string Database => _connection.Database;

    /// <summary>Who holds the extract lock and since when, as " (server process 123 of 'engine' from 127.0.0.1, connected since ... UTC)".</summary>
    private static async Task<string> HolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(host(a.client_addr), 'a local socket'), a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.objid = (hashtext($1)::bigint & 4294967295)::oid
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue(LockKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? string.Create(CultureInfo.InvariantCulture,
                $" (held by server process {reader.GetInt32(0)} of '{reader.GetString(1)}' from {reader.GetString(2)}, connected since {reader.GetDateTime(3).ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC)")
            : string.Empty;
    }

    public async Task UpsertAthleteAsync(StagedRecord athlete, DateTime extractedAt, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LoadAsync(StagingTable.Athletes, [athlete], extractedAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The staging connection, for the webhook queue, which lives beside the staged tables.</summary>
    internal NpgsqlConnection Connection => _connection;

    /// <summary>Which configured athlete a Strava athlete id is (webhook events name athletes by id only).</summary>
    public async Task RememberAthleteAsync(string name, long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_athlete_ids VALUES ($1, $2)
            ON CONFLICT (athlete_id) DO UPDATE SET athlete_name = $2 WHERE _engine.strava_athlete_ids.athlete_name <> $2
            """, _connection);
        command.Parameters.AddWithValue(athleteId);
        command.Parameters.AddWithValue(name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> AthleteNameAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT athlete_name FROM _engine.strava_athlete_ids WHERE athlete_id = $1", _connection);
        command.Parameters.AddWithValue(athleteId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The athletes who revoked the application's access: never extracted again.</summary>
    public async Task<IReadOnlySet<string>> DeauthorizedAsync(CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT athlete_name FROM _engine.strava_deauthorized WHERE athlete_name IS NOT NULL", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>One activity as fetched for a webhook event: inserted, or updated when its JSON changed.</summary>
    public async Task<PageLoad> UpsertActivityAsync(StagedRecord activity, DateTime extractedAt, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var load = await LoadAsync(StagingTable.Activities, [activity], extractedAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return load;
    }

    /// <summary>Deletes a staged activity of <paramref name="ownerId"/> (CDC carries the delete on); false when it was not staged.</summary>
    public async Task<bool> DeleteActivityAsync(long activityId, long ownerId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM public.activities WHERE id = $1 AND athlete_id = $2", _connection);
        command.Parameters.AddWithValue(activityId);
        command.Parameters.AddWithValue(ownerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// A deauthorization, in one transaction: the athlete's activities, profile and checkpoints leave staging (CDC
    /// deletes them downstream), the athlete is marked never to be extracted again, and an audit row records what was
    /// removed and when. Returns the numbers of activities and profiles removed.
    /// </summary>
    public async Task<(int Activities, int Athletes)> ForgetAthleteAsync(long athleteId, string? name, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var activities = await DeleteWhereAsync("DELETE FROM public.activities WHERE athlete_id = $1", athleteId, cancellationToken).ConfigureAwait(false);
        var athletes = await DeleteWhereAsync("DELETE FROM public.athletes WHERE id = $1", athleteId, cancellationToken).ConfigureAwait(false);
        // The engine's own bookkeeping about the athlete goes too: only the deauthorized list and the audit keep the id.
        foreach (var table in (string[])["strava_extract_state", "strava_profile_state", "strava_reconcile_state", "strava_reconcile_seen", "strava_athlete_ids"])
        {
            await DeleteWhereAsync($"DELETE FROM _engine.{table} WHERE athlete_id = $1", athleteId, cancellationToken).ConfigureAwait(false);
        }

        if (name is not null)
        {
            await using var served = new NpgsqlCommand("DELETE FROM _engine.strava_athlete_served WHERE athlete_name = $1", _connection);
            served.Parameters.AddWithValue(name);
            await served.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_deauthorized VALUES ($1, $2, clock_timestamp()) ON CONFLICT (athlete_id) DO NOTHING
            """, _connection))
        {
            command.Parameters.AddWithValue(athleteId);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_audit (athlete_id, action, detail)
            VALUES ($1, 'deauthorized', jsonb_build_object('staged_activities_deleted', $2, 'staged_profiles_deleted', $3, 'tokens', 'forgotten'))
            """, _connection))
        {
            command.Parameters.AddWithValue(athleteId);
            command.Parameters.AddWithValue(activities);
            command.Parameters.AddWithValue(athletes);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (activities, athletes);
    }

    private async Task<int> DeleteWhereAsync(string sql, long id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTime?> LastActivityDateAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT last_activity_date FROM public.athletes WHERE id = $1", _connection);
        command.Parameters.AddWithValue(athleteId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as DateTime?;
    }

    public async Task<ExtractCheckpoint?> CheckpointAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT window_after, window_before, resume_before, complete, pages FROM _engine.strava_extract_state WHERE athlete_id = $1", _connection);
        command.Parameters.AddWithValue(athleteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new ExtractCheckpoint(athleteId, Nullable(reader, 0), Nullable(reader, 1), Nullable(reader, 2), reader.GetBoolean(3), reader.GetInt32(4));
    }

    /// <summary>Records that a window starts: until it completes, a later run resumes it.</summary>
    public async Task StartWindowAsync(long athleteId, DateTime? after, DateTime? before, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_extract_state (athlete_id, window_after, window_before, resume_before, complete, pages, updated_at)
            VALUES ($1, $2, $3, $3, false, 0, now())
            ON CONFLICT (athlete_id) DO UPDATE SET window_after = $2, window_before = $3, resume_before = $3,
                complete = false, pages = 0, updated_at = now()
            """, _connection);
        command.Parameters.AddWithValue(athleteId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// In one transaction: upserts a page of activities, moves the athlete's <c>last_activity_date</c> forward and
    /// the checkpoint's resume point back to <paramref name="resumeBefore"/>.
    /// </summary>
    public async Task<PageLoad> CommitPageAsync(long athleteId, IReadOnlyList<StagedRecord> activities, DateTime? resumeBefore, DateTime extractedAt, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var load = await LoadAsync(StagingTable.Activities, activities, extractedAt, cancellationToken).ConfigureAwait(false);
        var newest = activities.Max(a => a.StartDate);
        await using (var batch = new NpgsqlBatch(_connection))
        {
            // Only a later date is written: an UPDATE that changes nothing would still reach CDC as a change.
            var last = new NpgsqlBatchCommand(
                "UPDATE public.athletes SET last_activity_date = $2 WHERE id = $1 AND (last_activity_date IS NULL OR last_activity_date < $2)");
            last.Parameters.AddWithValue(athleteId);
            last.Parameters.Add(new NpgsqlParameter { Value = (object?)newest ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var checkpoint = new NpgsqlBatchCommand("UPDATE _engine.strava_extract_state SET resume_before = $2, pages = pages + 1, updated_at = now() WHERE athlete_id = $1");
            checkpoint.Parameters.AddWithValue(athleteId);
            checkpoint.Parameters.Add(new NpgsqlParameter { Value = (object?)resumeBefore ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(last);
            batch.BatchCommands.Add(checkpoint);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return load;
    }

    public async Task CompleteWindowAsync(long athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE _engine.strava_extract_state SET complete = true, resume_before = NULL, updated_at = now() WHERE athlete_id = $1", _connection);
        command.Parameters.AddWithValue(athleteId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The athletes in the order to extract them: the least recently served first (never served first of all), served
    /// meaning the athlete's last run used the budget, whether it completed, failed or was stopped by the rate limit.
    /// When the budget runs short, every athlete gets its turn across windows: an athlete whose long first load
    /// outlasts a window goes to the back like the others instead of taking every window until it is done.
    /// </summary>
    public async Task<IReadOnlyList<string>> FairOrderAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var served = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT athlete_name, max(at) FROM (
                SELECT athlete_name, completed_at AS at FROM _engine.strava_athlete_runs
                UNION ALL SELECT athlete_name, served_at FROM _engine.strava_athlete_served) AS s
            GROUP BY athlete_name
            """, _connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                served[reader.GetString(0)] = reader.GetDateTime(1);
            }
        }

        return [.. names.OrderBy(n => served.TryGetValue(n, out var at) ? at : DateTime.MinValue).ThenBy(n => n, StringComparer.Ordinal)];
    }

    /// <summary>Records that an athlete's run used the budget, whatever its outcome (see <see cref="FairOrderAsync"/>).</summary>
    public async Task MarkServedAsync(string athleteName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_athlete_served (athlete_name, served_at) VALUES ($1, clock_timestamp())
            ON CONFLICT (athlete_name) DO UPDATE SET served_at = EXCLUDED.served_at
            """, _connection);
        command.Parameters.AddWithValue(athleteName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkCompletedAsync(string athleteName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_athlete_runs (athlete_name, completed_at) VALUES ($1, clock_timestamp())
            ON CONFLICT (athlete_name) DO UPDATE SET completed_at = EXCLUDED.completed_at
            """, _connection);
        command.Parameters.AddWithValue(athleteName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Releases the extract lock before the connection goes back to the pool: a pooled connection keeps its session
    /// (and the lock) until reused, which would turn away other runs meanwhile.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_holdsLock && _connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", _connection);
                unlock.Parameters.AddWithValue(LockKey);
                await unlock.ExecuteScalarAsync().ConfigureAwait(false);
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection has lost its session, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Binary COPY of a page. When none of its ids is staged yet (every page of a first load), straight into the
    /// table; otherwise into the session's stage table, then one set-based upsert from it. The extract lock keeps
    /// another writer from adding those ids in between.
    /// </summary>
    private Task<PageLoad> LoadAsync(StagingTable table, IReadOnlyList<StagedRecord> rows, DateTime extractedAt, CancellationToken cancellationToken) =>
        LoadAsync(table, rows, extractedAt, StagingSql.Upsert, cancellationToken);

    private async Task<PageLoad> LoadAsync(
        StagingTable table, IReadOnlyList<StagedRecord> rows, DateTime extractedAt, Func<StagingTable, string, string> upsertSql, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM public.{table.Name} WHERE id = ANY($1))", _connection))
        {
            exists.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is false)
            {
                await CopyAsync(StagingSql.CopyInto(table), table, rows, extractedAt, cancellationToken).ConfigureAwait(false);
                return new PageLoad(rows.Count, 0, 0);
            }
        }

        await CopyAsync(StagingSql.Copy(table), table, rows, extractedAt, cancellationToken).ConfigureAwait(false);
        int inserted = 0, updated = 0;
        await using (var upsert = new NpgsqlCommand(upsertSql(table, $"stage_{table.Name}"), _connection))
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetBoolean(0))
                {
                    inserted++;
                }
                else
                {
                    updated++;
                }
            }
        }

        return new PageLoad(inserted, updated, rows.Count - inserted - updated);
    }

    private async Task CopyAsync(string copySql, StagingTable table, IReadOnlyList<StagedRecord> rows, DateTime extractedAt, CancellationToken cancellationToken)
    {
        var columns = table.Columns;
        await using (var copy = await _connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < columns.Length; i++)
                {
                    if (row.Values[i] is { } value)
                    {
                        // Synchronous into Npgsql's buffer (flushed as it fills): an await per value costs more than the write.
                        columns[i].Writer(copy, value);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await copy.WriteAsync(row.Raw, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(extractedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the staging database on a server the engine does not manage (the managed cluster creates its own).</summary>
    private static Task CreateDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        return PostgresDatabases.EnsureAsync(builder.ConnectionString, name, cancellationToken);
    }

    /// <summary>
    /// Gives a place to activities staged before the <c>geo_*</c> columns existed (an upsert rewrites only rows whose
    /// JSON changed), in batches by id. Only rows that get a place are written, so CDC sees no empty change. It runs
    /// while that work is pending (from the open that added the columns until one got through every row), not on every
    /// open: rows staged since are located as they are staged, and reading every unlocated row (and loading the places)
    /// each run would cost the whole history every day.
    /// </summary>
    private static async Task LocateStagedActivitiesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var pending = new NpgsqlCommand(StagingSql.IsPending, connection))
        {
            pending.Parameters.AddWithValue(StagingSql.LocateActivities);
            if (await pending.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return;
            }
        }

        await LocateEveryUnlocatedActivityAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var done = new NpgsqlCommand(StagingSql.PendingDone, connection);
        done.Parameters.AddWithValue(StagingSql.LocateActivities);
        await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task LocateEveryUnlocatedActivityAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const int BatchSize = 5_000;
        var geo = StagingTable.Activities.Columns.Where(c => c.Name is "geo_city" or "geo_state" or "geo_country").ToArray();
        var after = long.MinValue;
        while (true)
        {
            var ids = new List<long>();
            var parts = new[] { new List<string?>(), new List<string?>(), new List<string?>() };
            var read = 0;
            await using (var select = new NpgsqlCommand(StagingSql.UnlocatedActivities, connection))
            {
                select.Parameters.AddWithValue(after);
                select.Parameters.AddWithValue(BatchSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    after = reader.GetInt64(0);
                    using var json = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
                    var values = geo.Select(c => c.Read(json.RootElement) as string).ToArray();
                    if (values[2] is not null)
                    {
                        ids.Add(after);
                        for (var i = 0; i < 3; i++)
                        {
                            parts[i].Add(values[i]);
                        }
                    }
                }
            }

            if (ids.Count > 0)
            {
                await using var update = new NpgsqlCommand(StagingSql.SetLocations, connection);
                update.Parameters.AddWithValue(ids.ToArray());
                foreach (var part in parts)
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = part.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                }

                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (read < BatchSize)
            {
                return;
            }
        }
    }

    private static DateTime? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
