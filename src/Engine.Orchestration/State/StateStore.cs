using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Runtime.Sessions;
using Engine.Warehouse.Postgres;
using Npgsql;

namespace Engine.Orchestration.State;

/// <summary>
/// The run history and asset state, in schema <c>_engine</c> of the target's warehouse database on PostgreSQL (the
/// managed local cluster by default). Every statement of the state store is in this class, so moving it to another
/// server or a <c>state:</c> connection changes one file. Times come from the injected <see cref="TimeProvider"/>,
/// never from the server's clock, so tests can move time.
/// </summary>
public sealed partial class StateStore
{
    /// <summary>A running run whose heartbeat is older than this belongs to a process that is gone (on another host too).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS _engine;
        CREATE TABLE IF NOT EXISTS _engine.runs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            trigger text NOT NULL,
            command text NOT NULL,
            schedule text,
            partition_keys text[] NOT NULL DEFAULT '{}',
            steps text[] NOT NULL DEFAULT '{}',
            status text NOT NULL,
            started_at timestamptz NOT NULL,
            finished_at timestamptz,
            heartbeat_at timestamptz NOT NULL,
            host text NOT NULL,
            pid integer NOT NULL,
            process_started_at timestamptz,
            error text);
        CREATE INDEX IF NOT EXISTS runs_running ON _engine.runs (status) WHERE status = 'running';
        CREATE TABLE IF NOT EXISTS _engine.run_steps (
            run_id bigint NOT NULL REFERENCES _engine.runs (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            name text NOT NULL,
            status text NOT NULL,
            elapsed_ms double precision NOT NULL,
            detail text NOT NULL,
            PRIMARY KEY (run_id, ordinal));
        CREATE TABLE IF NOT EXISTS _engine.node_results (
            run_id bigint NOT NULL REFERENCES _engine.runs (id) ON DELETE CASCADE,
            unique_id text NOT NULL,
            resource_type text NOT NULL,
            relation text,
            status text NOT NULL,
            rows bigint,
            started_at timestamptz NOT NULL,
            elapsed_ms double precision NOT NULL,
            message text NOT NULL,
            PRIMARY KEY (run_id, unique_id));
        CREATE TABLE IF NOT EXISTS _engine.materializations (
            asset text NOT NULL,
            partition_key text NOT NULL DEFAULT '',
            run_id bigint NOT NULL,
            status text NOT NULL,
            materialized_at timestamptz NOT NULL,
            rows bigint,
            last_success_at timestamptz,
            PRIMARY KEY (asset, partition_key));
        CREATE TABLE IF NOT EXISTS _engine.schedule_ticks (
            schedule text PRIMARY KEY,
            last_tick timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS _engine.backfills (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            partitions text NOT NULL,
            from_key text NOT NULL,
            to_key text NOT NULL,
            selection text NOT NULL,
            status text NOT NULL,
            created_at timestamptz NOT NULL,
            finished_at timestamptz);
        CREATE TABLE IF NOT EXISTS _engine.backfill_partitions (
            backfill_id bigint NOT NULL REFERENCES _engine.backfills (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            partition_key text NOT NULL,
            status text NOT NULL,
            run_id bigint,
            attempts integer NOT NULL DEFAULT 0,
            completed_at timestamptz,
            PRIMARY KEY (backfill_id, partition_key));
        CREATE INDEX IF NOT EXISTS backfill_partitions_run ON _engine.backfill_partitions (run_id);
        CREATE TABLE IF NOT EXISTS _engine.node_states (
            unique_id text PRIMARY KEY,
            sql_checksum text NOT NULL,
            inputs text NOT NULL,
            data_version text NOT NULL,
            recorded_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS _engine.row_counts (
            unique_id text PRIMARY KEY,
            data_version text NOT NULL,
            rows bigint NOT NULL,
            recorded_at timestamptz NOT NULL);
        """;

    /// <summary>The tables and indexes <see cref="Schema"/> creates, read from it so the two cannot disagree.</summary>
    private static readonly string[] SchemaObjects =
        [.. Schema.Split("IF NOT EXISTS ").Skip(1).Select(s => s[..s.IndexOfAny([' ', ';', '\n'])]).Where(n => n != "_engine")
            .Select(n => n.StartsWith("_engine.", StringComparison.Ordinal) ? n : "_engine." + n)];

    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    /// <summary>The pipeline.yml target whose server holds the store, named in connection errors.</summary>
    public string? TargetName { get; init; }

    /// <summary>The store is in the database the target's builds connect to, so their sessions can run its statements.</summary>
    public bool InWarehouseDatabase { get; init; }

    public StateStore(string connectionString, TimeProvider clock)
    {
        _connectionString = connectionString;
        _clock = clock;
    }

    /// <summary>The state store of a project: schema <c>_engine</c> in its target's warehouse database, created when missing.</summary>
    public static async Task<StateStore> OpenAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var server = PostgresServer.For(session.Target, session.Environment);
        var store = new StateStore(await server.ConnectionStringAsync(server.WarehouseDatabase, cancellationToken).ConfigureAwait(false), clock)
        {
            TargetName = $"target '{session.Target.Name}'",
            InWarehouseDatabase = true,
        };
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The project's state store, or null when its target is not PostgreSQL (the only server it lives on today).</summary>
    public static async Task<StateStore?> TryOpenAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken) =>
        session.Target.Type == PostgresAdapter.TypeName ? await OpenAsync(session, clock, cancellationToken).ConfigureAwait(false) : null;

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // Every command opens the store, a run three times: when every object exists, one lookup replaces the lock and the
        // DDL's round trips. A missing one (a first run, an engine that added a table) runs the whole script as before.
        await using (var exists = new NpgsqlCommand("SELECT bool_and(to_regclass(name) IS NOT NULL) FROM unnest(@names) AS name", connection))
        {
            exists.Parameters.AddWithValue("names", SchemaObjects);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Two commands starting at once would race on CREATE ... IF NOT EXISTS (a unique violation in the catalog).
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('_engine schema'))", null, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, Schema, null, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a run as running; a backfill's run claims its partitions in the same transaction, so a partition is never
    /// running without a run that a later start can find abandoned.
    /// </summary>
    public async Task<long> StartRunAsync(RunStart start, RunOwner owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long runId;
        await using (var command = new NpgsqlCommand("""
            INSERT INTO _engine.runs (trigger, command, schedule, partition_keys, steps, status, started_at, heartbeat_at, host, pid, process_started_at)
            VALUES (@trigger, @command, @schedule, @partitions, @steps, 'running', @now, @now, @host, @pid, @process_started)
            RETURNING id
            """, connection))
        {
            command.Parameters.AddWithValue("trigger", Name(start.Trigger));
            command.Parameters.AddWithValue("command", start.Command);
            command.Parameters.AddWithValue("schedule", (object?)start.Schedule ?? DBNull.Value);
            command.Parameters.AddWithValue("partitions", start.PartitionKeys.ToArray());
            command.Parameters.AddWithValue("steps", start.Steps.ToArray());
            command.Parameters.AddWithValue("now", Now);
            command.Parameters.AddWithValue("host", owner.Host);
            command.Parameters.AddWithValue("pid", owner.ProcessId);
            command.Parameters.AddWithValue("process_started", (object?)owner.ProcessStartedAt ?? DBNull.Value);
            runId = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (start.BackfillId is { } backfill)
        {
            await ExecuteAsync(connection, """
                UPDATE _engine.backfill_partitions SET status = 'running', run_id = @run, attempts = attempts + 1
                WHERE backfill_id = @backfill AND partition_key = ANY(@keys)
                """, p =>
            {
                p.AddWithValue("run", runId);
                p.AddWithValue("backfill", backfill);
                p.AddWithValue("keys", start.PartitionKeys.ToArray());
            }, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return runId;
    }

    public async Task HeartbeatAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "UPDATE _engine.runs SET heartbeat_at = @now WHERE id = @id AND status = 'running'",
            p => { p.AddWithValue("now", Now); p.AddWithValue("id", runId); }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a finished run: its status, steps, nodes, and the materialization of every asset it built, in one transaction.</summary>
    public async Task FinishRunAsync(long runId, RunCompletion completion, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One round trip for the run, its steps, nodes and assets: a statement each would cost a round trip per node.
        await using var batch = new NpgsqlBatch(connection, transaction);
        Add(batch, "UPDATE _engine.runs SET status = @status, finished_at = @now, heartbeat_at = @now, error = @error WHERE id = @id",
            p =>
            {
                p.AddWithValue("status", Name(completion.Status));
                p.AddWithValue("now", now);
                p.AddWithValue("error", (object?)completion.Error ?? DBNull.Value);
                p.AddWithValue("id", runId);
            });
        // A backfill's partitions are done exactly when their run is recorded done: one transaction, nothing in between.
        Add(batch, """
            UPDATE _engine.backfill_partitions SET status = CASE WHEN @succeeded THEN 'succeeded' ELSE 'failed' END,
                completed_at = CASE WHEN @succeeded THEN @now END
            WHERE run_id = @id AND status = 'running'
            """, p =>
        {
            p.AddWithValue("succeeded", completion.Status == RunStatus.Succeeded);
            p.AddWithValue("now", now);
            p.AddWithValue("id", runId);
        });
        foreach (var (step, i) in completion.Steps.Select((s, i) => (s, i)))
        {
            Add(batch, "INSERT INTO _engine.run_steps VALUES (@id, @ordinal, @name, @status, @elapsed, @detail)",
                p =>
                {
                    p.AddWithValue("id", runId);
                    p.AddWithValue("ordinal", i);
                    p.AddWithValue("name", step.Name);
                    p.AddWithValue("status", step.Status);
                    p.AddWithValue("elapsed", step.Elapsed.TotalMilliseconds);
                    p.AddWithValue("detail", step.Detail);
                });
        }

        foreach (var node in completion.Nodes)
        {
            Add(batch, "INSERT INTO _engine.node_results VALUES (@id, @unique_id, @type, @relation, @status, @rows, @started, @elapsed, @message)",
                p =>
                {
                    p.AddWithValue("id", runId);
                    p.AddWithValue("unique_id", node.UniqueId);
                    p.AddWithValue("type", node.ResourceType);
                    p.AddWithValue("relation", (object?)node.Relation ?? DBNull.Value);
                    p.AddWithValue("status", node.Status);
                    p.AddWithValue("rows", (object?)node.Rows ?? DBNull.Value);
                    p.AddWithValue("started", node.StartedAt);
                    p.AddWithValue("elapsed", node.Elapsed.TotalMilliseconds);
                    p.AddWithValue("message", node.Message);
                });
        }

        foreach (var asset in completion.Assets)
        {
            Add(batch, """
                INSERT INTO _engine.materializations AS m (asset, partition_key, run_id, status, materialized_at, rows, last_success_at)
                VALUES (@asset, @partition, @id, @status, @now, @rows, CASE WHEN @succeeded THEN @now END)
                ON CONFLICT (asset, partition_key) DO UPDATE SET run_id = excluded.run_id, status = excluded.status,
                    materialized_at = excluded.materialized_at, rows = coalesce(excluded.rows, m.rows),
                    last_success_at = coalesce(excluded.last_success_at, m.last_success_at)
                """,
                p =>
                {
                    p.AddWithValue("asset", asset.Asset);
                    p.AddWithValue("partition", asset.PartitionKey);
                    p.AddWithValue("id", runId);
                    p.AddWithValue("status", asset.Status);
                    p.AddWithValue("now", now);
                    p.AddWithValue("rows", (object?)asset.Rows ?? DBNull.Value);
                    p.AddWithValue("succeeded", asset.Succeeded);
                });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks as abandoned every run left running by a process that is gone: on this host, its process id is not alive
    /// (or now belongs to a younger process); anywhere, its heartbeat stopped more than <see cref="StaleAfter"/> ago.
    /// </summary>
    /// <returns>The ids of the runs marked.</returns>
    public async Task<ImmutableArray<long>> MarkAbandonedAsync(RunOwner self, Func<RunOwner, bool> isAlive, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var running = new List<(long Id, RunOwner Owner, DateTimeOffset Heartbeat)>();
        await using (var command = new NpgsqlCommand("SELECT id, host, pid, process_started_at, heartbeat_at FROM _engine.runs WHERE status = 'running'", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var owner = new RunOwner(reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
                running.Add((reader.GetInt64(0), owner, reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        var now = Now;
        var gone = running
            .Where(r => r.Owner.Host == self.Host ? !isAlive(r.Owner) : now - r.Heartbeat > StaleAfter)
            .Select(r => r.Id)
            .ToImmutableArray();
        foreach (var id in gone)
        {
            await ExecuteAsync(connection, """
                UPDATE _engine.runs SET status = 'abandoned', finished_at = heartbeat_at,
                    error = 'abandoned: the process running it (' || host || ' pid ' || pid || ') stopped before it finished'
                WHERE id = @id AND status = 'running';
                UPDATE _engine.backfill_partitions SET status = 'failed' WHERE run_id = @id AND status = 'running'
                """, p => p.AddWithValue("id", id), cancellationToken).ConfigureAwait(false);
        }

        return gone;
    }

    public async Task<ImmutableArray<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRunsAsync(connection, "ORDER BY id DESC LIMIT @limit", p => p.AddWithValue("limit", limit), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One run with its steps and nodes, or null when there is no run of that id.</summary>
    public async Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var runs = await ReadRunsAsync(connection, "WHERE id = @id", p => p.AddWithValue("id", id), cancellationToken).ConfigureAwait(false);
        if (runs.IsEmpty)
        {
            return null;
        }

        var steps = ImmutableArray.CreateBuilder<StepRecord>();
        await using (var command = new NpgsqlCommand("SELECT name, status, elapsed_ms, detail FROM _engine.run_steps WHERE run_id = @id ORDER BY ordinal", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                steps.Add(new StepRecord(reader.GetString(0), reader.GetString(1), TimeSpan.FromMilliseconds(reader.GetDouble(2)), reader.GetString(3)));
            }
        }

        var nodes = ImmutableArray.CreateBuilder<NodeRecord>();
        await using (var command = new NpgsqlCommand(
            "SELECT unique_id, resource_type, relation, status, rows, started_at, elapsed_ms, message FROM _engine.node_results WHERE run_id = @id ORDER BY started_at, unique_id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                nodes.Add(new NodeRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3))
                {
                    Rows = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    StartedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    Elapsed = TimeSpan.FromMilliseconds(reader.GetDouble(6)),
                    Message = reader.GetString(7),
                });
            }
        }

        return runs[0] with { StepResults = steps.ToImmutable(), Nodes = nodes.ToImmutable() };
    }

    /// <summary>The last materialization of every asset and partition.</summary>
    public async Task<ImmutableArray<AssetMaterialization>> MaterializationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT asset, partition_key, run_id, status, materialized_at, rows, last_success_at FROM _engine.materializations ORDER BY asset, partition_key", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = ImmutableArray.CreateBuilder<AssetMaterialization>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new AssetMaterialization(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))
            {
                Rows = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                LastSuccessAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return result.ToImmutable();
    }

    /// <summary>Each asset's last successful materialization, whatever the partition, by unique id.</summary>
    public async Task<ImmutableDictionary<string, DateTimeOffset>> LastSuccessAsync(CancellationToken cancellationToken) =>
        (await MaterializationsAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => m.LastSuccessAt is not null)
            .GroupBy(m => m.Asset, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Max(m => m.LastSuccessAt!.Value), StringComparer.Ordinal);

    /// <summary>The last tick of a schedule the daemon evaluated, or null before its first evaluation.</summary>
    public async Task<DateTimeOffset?> LastTickAsync(string schedule, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT last_tick FROM _engine.schedule_ticks WHERE schedule = @schedule", connection);
        command.Parameters.AddWithValue("schedule", schedule);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime tick ? new DateTimeOffset(tick, TimeSpan.Zero) : null;
    }

    public async Task SetLastTickAsync(string schedule, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            INSERT INTO _engine.schedule_ticks (schedule, last_tick) VALUES (@schedule, @tick)
            ON CONFLICT (schedule) DO UPDATE SET last_tick = excluded.last_tick
            """, p => { p.AddWithValue("schedule", schedule); p.AddWithValue("tick", tick); }, cancellationToken).ConfigureAwait(false);
    }

    public static string Name(RunTrigger trigger) => trigger.ToString().ToLowerInvariant();

    public static string Name(RunStatus status) => status.ToString().ToLowerInvariant();

    private DateTimeOffset Now => _clock.GetUtcNow();

    private static async Task<ImmutableArray<RunRecord>> ReadRunsAsync(NpgsqlConnection connection, string tail, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT id, trigger, command, status, started_at, finished_at, steps, partition_keys, schedule, error, host, pid FROM _engine.runs {tail}", connection);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = ImmutableArray.CreateBuilder<RunRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new RunRecord(
                reader.GetInt64(0),
                Enum.Parse<RunTrigger>(reader.GetString(1), ignoreCase: true),
                reader.GetString(2),
                Enum.Parse<RunStatus>(reader.GetString(3), ignoreCase: true),
                reader.GetFieldValue<DateTimeOffset>(4))
            {
                FinishedAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                Steps = [.. reader.GetFieldValue<string[]>(6)],
                PartitionKeys = [.. reader.GetFieldValue<string[]>(7)],
                Schedule = reader.IsDBNull(8) ? null : reader.GetString(8),
                Error = reader.IsDBNull(9) ? null : reader.GetString(9),
                Host = reader.GetString(10),
                ProcessId = reader.GetInt32(11),
            });
        }

        return result.ToImmutable();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unreachable(e);
        }
    }

    /// <summary>
    /// The store lives on the target's server, so a server that cannot be reached is reported as the warehouse would
    /// report it (host unknown, refused, authentication, database missing), each with its own code.
    /// </summary>
    internal Exception Unreachable(NpgsqlException error) =>
        PostgresErrors.IsConnectionFailure(error)
            ? PostgresErrors.Connection(error, _connectionString, TargetName)
            : new ProjectException(DiagnosticCodes.StateStoreFailed, $"the state store (schema _engine) cannot be reached: {error.Message}", null);

    private static void Add(NpgsqlBatch batch, string sql, Action<NpgsqlParameterCollection> bind)
    {
        var command = new NpgsqlBatchCommand(sql);
        bind(command.Parameters);
        batch.BatchCommands.Add(command);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection>? bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        bind?.Invoke(command.Parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
