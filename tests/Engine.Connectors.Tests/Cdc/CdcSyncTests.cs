using Engine.Core.Diagnostics;
using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

[Collection(PostgresCollection.Name)]
public sealed class CdcSyncTests(PostgresFixture postgres)
{
    private const string Activities = """
        CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text, distance numeric(10,2),
          start_date timestamptz, tags text[], raw jsonb, _extracted_at timestamptz NOT NULL DEFAULT now());
        """;

    [Fact]
    public async Task First_sync_sets_up_the_source_and_copies_every_row()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + """
            INSERT INTO activities (id, athlete_id, name, distance, start_date, tags, raw)
            SELECT i, i % 7, 'Run ' || i || E'\twith tab\nand newline \\ backslash', i * 1.25, '2024-01-01T06:00:00Z'::timestamptz + i * interval '1 hour',
                   ARRAY['a', 'b c'], jsonb_build_object('id', i, 'nested', jsonb_build_object('k', 'v'))
            FROM generate_series(1, 500) i;
            INSERT INTO activities (id, athlete_id) VALUES (1000, 1);
            """);

        var summary = await bed.SyncAsync("activities");

        Assert.True(summary.SnapshotTaken);
        Assert.Equal(501, summary.SnapshotRows);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["activities"], await bed.QuerySourceAsync($"SELECT tablename::text FROM pg_publication_tables WHERE pubname = 'pub_{bed.Slot}'"));
        Assert.Equal(["pgoutput"], await bed.QuerySourceAsync($"SELECT plugin::text FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"));
        Assert.Equal(["501|snapshot"], await bed.QueryWarehouseAsync("SELECT count(*), min(_operation) FROM strava.activities_changes"));
        // Types are the source's own.
        Assert.Equal(
            ["id|bigint", "athlete_id|bigint", "name|text", "distance|numeric(10,2)", "start_date|timestamp with time zone", "tags|text[]", "raw|jsonb",
             "_extracted_at|timestamp with time zone", "_lsn|pg_lsn", "_deleted|boolean"],
            await bed.QueryWarehouseAsync("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'strava.activities'::regclass AND attnum > 0 ORDER BY attnum"));
    }

    [Fact]
    public async Task Inserts_updates_and_deletes_are_applied_and_logged_once_and_a_second_sync_applies_only_new_changes()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities (id, athlete_id, name) SELECT i, 1, 'a' || i FROM generate_series(1, 10) i;");
        await bed.SyncAsync("activities");

        await bed.ExecuteSourceAsync("""
            INSERT INTO activities (id, athlete_id, name) VALUES (11, 2, 'new'), (12, 2, 'short-lived');
            UPDATE activities SET name = 'renamed', distance = 5.5 WHERE id IN (1, 11);
            DELETE FROM activities WHERE id IN (2, 12);
            UPDATE activities SET id = 100 WHERE id = 3;
            """);
        var second = await bed.SyncAsync("activities");

        Assert.False(second.SnapshotTaken);
        Assert.Equal(3, second.Applied.Inserted); // 11, 12, and 100 (the key change is a delete of 3 and an insert of 100)
        Assert.Equal(2, second.Applied.Updated);
        Assert.Equal(3, second.Applied.Deleted);
        await bed.AssertSameAsync("activities");
        // Deleted rows stay, marked, with their last values; a key inserted and deleted between two syncs was never
        // stored, so it leaves its changes in the log and no row.
        Assert.Equal(["2|a2|True", "3|a3|True"], await bed.QueryWarehouseAsync("SELECT id, name, _deleted FROM strava.activities WHERE _deleted ORDER BY id"));
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities WHERE id = 12"));
        Assert.Equal(
            ["11|insert|new", "12|insert|short-lived", "1|update|renamed", "11|update|renamed", "2|delete|a2", "12|delete|short-lived", "3|delete|a3", "100|insert|a3"],
            await bed.QueryWarehouseAsync("SELECT id, _operation, name FROM strava.activities_changes WHERE _operation <> 'snapshot' ORDER BY _lsn, _seq"));

        var third = await bed.SyncAsync("activities");
        Assert.Equal(0, third.Applied.Total);
        Assert.Equal(second.ToLsn, third.FromLsn);

        await bed.ExecuteSourceAsync("UPDATE activities SET name = 'again' WHERE id = 4");
        var fourth = await bed.SyncAsync("activities");
        Assert.Equal(1, fourth.Applied.Updated);
        Assert.Equal(1, fourth.Applied.Total);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["1"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities_changes WHERE name = 'again'"));
        Assert.Equal([fourth.ToLsn.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await bed.QueryWarehouseAsync($"SELECT (lsn - '0/0')::bigint FROM _engine.cdc_state WHERE slot = '{bed.Slot}'"));
    }

    [Fact]
    public async Task Changes_committed_while_the_snapshot_is_copied_arrive_exactly_once()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities (id, athlete_id, name) SELECT i, 1, 'before' FROM generate_series(1, 1000) i;");
        // Runs inline when the slot exists and before the tables are read: these commits come after the slot's
        // starting point, so the snapshot must not see them and the stream must bring them.
        var during = new InlineProgress(message =>
        {
            if (message.StartsWith("created replication slot", StringComparison.Ordinal))
            {
                CdcTestBed.ExecuteAsync(bed.Source, """
                    INSERT INTO activities (id, athlete_id, name) SELECT i, 2, 'during' FROM generate_series(1001, 1100) i;
                    UPDATE activities SET name = 'updated during' WHERE id <= 50;
                    DELETE FROM activities WHERE id BETWEEN 51 AND 60;
                    """).GetAwaiter().GetResult();
            }
        });

        var summary = await bed.SyncAsync(bed.Settings("activities"), progress: during);

        Assert.Equal(1000, summary.SnapshotRows);
        Assert.Equal(100, summary.Applied.Inserted);
        Assert.Equal(50, summary.Applied.Updated);
        Assert.Equal(10, summary.Applied.Deleted);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["10|delete", "100|insert", "1000|snapshot", "50|update"],
            await bed.QueryWarehouseAsync("SELECT count(*), _operation FROM strava.activities_changes GROUP BY _operation ORDER BY _operation COLLATE \"C\""));
    }

    [Fact]
    public async Task Unchanged_toast_values_keep_the_stored_value()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("""
            CREATE TABLE athletes (id bigint PRIMARY KEY, name text, bio text);
            ALTER TABLE athletes ALTER COLUMN bio SET STORAGE EXTERNAL;
            INSERT INTO athletes SELECT i, 'n' || i, repeat(md5(i::text), 200) FROM generate_series(1, 3) i;
            """);
        await bed.SyncAsync("athletes");

        // Row 1: stored value from the snapshot; row 4: inserted and then updated in the same batch.
        await bed.ExecuteSourceAsync("""
            INSERT INTO athletes VALUES (4, 'n4', repeat(md5('4'), 200));
            UPDATE athletes SET name = 'renamed' WHERE id IN (1, 4);
            UPDATE athletes SET name = 'twice' WHERE id = 1;
            DELETE FROM athletes WHERE id = 2;
            """);
        var summary = await bed.SyncAsync("athletes");

        Assert.Equal(3, summary.Applied.Updated);
        await bed.AssertSameAsync("athletes");
        Assert.Equal(
            ["4|insert|6400", "1|update|6400", "4|update|6400", "1|update|6400", "2|delete|6400"],
            await bed.QueryWarehouseAsync("SELECT id, _operation, length(bio) FROM strava.athletes_changes WHERE _operation <> 'snapshot' ORDER BY _lsn, _seq"));
        Assert.Equal(["2|n2|True"], await bed.QueryWarehouseAsync("SELECT id, name, _deleted FROM strava.athletes WHERE length(bio) = 6400 AND _deleted"));
    }

    [Fact]
    public async Task A_column_added_at_the_source_is_added_in_the_warehouse()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities (id, athlete_id) VALUES (1, 1), (2, 1);");
        await bed.SyncAsync("activities");

        await bed.ExecuteSourceAsync("""
            INSERT INTO activities (id, athlete_id) VALUES (3, 1);
            ALTER TABLE activities ADD COLUMN kudos_count integer, ADD COLUMN average_speed double precision;
            INSERT INTO activities (id, athlete_id, kudos_count, average_speed) VALUES (4, 1, 7, 3.25);
            UPDATE activities SET kudos_count = 1 WHERE id = 1;
            """);
        await bed.SyncAsync("activities");

        await bed.AssertSameAsync("activities");
        Assert.Equal(["integer", "double precision"], await bed.QueryWarehouseAsync(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'strava.activities'::regclass AND attname IN ('kudos_count', 'average_speed') ORDER BY attnum"));
        Assert.Equal(["4|7"], await bed.QueryWarehouseAsync("SELECT id, kudos_count FROM strava.activities_changes WHERE kudos_count = 7"));
    }

    [Fact]
    public async Task Truncate_marks_every_row_deleted_and_later_inserts_come_back()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities (id, athlete_id) SELECT i, 1 FROM generate_series(1, 20) i;");
        await bed.SyncAsync("activities");

        await bed.ExecuteSourceAsync("TRUNCATE activities; INSERT INTO activities (id, athlete_id, name) VALUES (5, 1, 'back');");
        await bed.SyncAsync("activities");

        await bed.AssertSameAsync("activities");
        Assert.Equal(["19"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities WHERE _deleted"));
        Assert.Equal(["truncate|1", "insert|1"], await bed.QueryWarehouseAsync(
            "SELECT _operation, count(*) FROM strava.activities_changes WHERE _operation <> 'snapshot' GROUP BY _operation, _seq ORDER BY _seq"));
    }

    [Fact]
    public async Task A_table_without_primary_key_gets_a_replica_identity_that_carries_its_key()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("""
            CREATE TABLE gear (code text NOT NULL, name text);
            CREATE UNIQUE INDEX gear_code ON gear (code);
            INSERT INTO gear VALUES ('g1', 'shoes'), ('g2', 'bike');
            """);
        var settings = bed.Settings("gear") with { Tables = [new Engine.Connectors.Cdc.CdcTableSettings("gear", ["code"])] };
        await bed.SyncAsync(settings);

        await bed.ExecuteSourceAsync("UPDATE gear SET name = 'road bike' WHERE code = 'g2'; DELETE FROM gear WHERE code = 'g1';");
        await bed.SyncAsync(settings);

        Assert.Equal(["i"], await bed.QuerySourceAsync("SELECT relreplident::text FROM pg_class WHERE oid = 'public.gear'::regclass"));
        await bed.AssertSameAsync("gear", orderBy: "code");
    }

    [Fact]
    public async Task A_lost_slot_is_an_error_and_reset_rebuilds_from_a_fresh_snapshot()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities (id, athlete_id) SELECT i, 1 FROM generate_series(1, 5) i;");
        await bed.SyncAsync("activities");
        await bed.ExecuteSourceAsync($"SELECT pg_drop_replication_slot('{bed.Slot}'); DELETE FROM activities WHERE id = 1;");

        var error = await Assert.ThrowsAsync<ProjectException>(() => bed.SyncAsync("activities"));
        Assert.Equal(DiagnosticCodes.CdcSlotLost, error.Diagnostics[0].Code);
        Assert.Contains("--reset", error.Message, StringComparison.Ordinal);

        var reset = await bed.SyncAsync(bed.Settings("activities"), reset: true);
        Assert.True(reset.SnapshotTaken);
        Assert.Equal(4, reset.SnapshotRows);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["4"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities"));
    }

    [Fact]
    public async Task A_missing_table_names_the_table_and_the_fix()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);

        var error = await Assert.ThrowsAsync<ProjectException>(() => bed.SyncAsync("activities"));

        Assert.Equal(DiagnosticCodes.CdcSourceTable, error.Diagnostics[0].Code);
        Assert.Contains("public.activities does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(await bed.QuerySourceAsync($"SELECT 1 FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"));
    }

    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
