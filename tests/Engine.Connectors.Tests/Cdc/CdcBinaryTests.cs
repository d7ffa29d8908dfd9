using Engine.Connectors.Cdc;
using Engine.TestSupport;
using Engine.Warehouse.Cdc;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// Changes streamed as their types' binary forms (pgoutput's <c>binary</c>) and written into the PostgreSQL warehouse
/// as they came: every type the Strava tables use round-trips, and what cannot pass through as bytes goes as text.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CdcBinaryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_column_type_round_trips_through_the_binary_stream()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("""
            CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id integer, kudos smallint, name text, distance double precision,
              speed real, amount numeric, money numeric(10,2), start_date timestamptz, start_date_local timestamp, day date,
              moved interval, trainer boolean, latlng double precision[], tags text[], raw jsonb, doc json, guid uuid, photo bytea,
              polyline text, _extracted_at timestamptz NOT NULL DEFAULT now());
            ALTER TABLE activities ALTER COLUMN polyline SET STORAGE EXTERNAL;
            INSERT INTO activities (id, name, polyline) VALUES (1, 'snapshot row', repeat(md5('1'), 200)), (2, 'to delete', repeat(md5('2'), 200));
            """);
        await bed.SyncAsync("activities");

        await bed.ExecuteSourceAsync("""
            INSERT INTO activities (id, athlete_id, kudos, name, distance, speed, amount, money, start_date, start_date_local, day, moved,
              trainer, latlng, tags, raw, doc, guid, photo, polyline)
            SELECT i, i * 1000, (i % 100)::smallint, 'Café ✓ 東京 🏃 ' || i || E'\ttab\nline \\ back', i * 1.1 + 1e-9, (i / 3.0)::real,
              1234567890.0123456789 * i, i * 1.25, timestamptz '2024-03-31 01:30:00.123456+02' + i * interval '1 hour',
              timestamp '2024-01-01 23:59:59.999999' + i * interval '1 day', date '2024-02-29' + i, make_interval(hours => i, secs => 0.5),
              i % 2 = 0, ARRAY[48.85 + i / 1000.0, -2.35, 'NaN'::float8, 'Infinity'::float8], ARRAY['a', NULL, 'b c', 'ü'],
              jsonb_build_object('id', i, 'name', 'Ünïcode ' || i, 'nested', jsonb_build_object('list', jsonb_build_array(1, 2.5, true, null))),
              '{"b": 1, "a":  2}'::json, md5(i::text)::uuid, decode('00ff' || lpad(to_hex(i), 4, '0'), 'hex'), repeat(md5(i::text), 200)
            FROM generate_series(10, 60) i;
            INSERT INTO activities (id) VALUES (100);
            UPDATE activities SET name = 'renamed', kudos = kudos + 1 WHERE id IN (1, 10, 11);
            UPDATE activities SET raw = raw || '{"edited": true}', latlng = NULL WHERE id = 12;
            DELETE FROM activities WHERE id IN (2, 13);
            """);
        var summary = await bed.SyncAsync("activities");

        Assert.True(summary.BinaryValues);
        Assert.Equal((52, 4, 2), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        // Compared as PostgreSQL's text of each row, so arrays, NaN, intervals and json keep every detail.
        const string Columns = "athlete_id, kudos, name, distance, speed, amount, money, start_date, start_date_local, day, moved, trainer, latlng, tags, raw, doc, guid, photo, polyline";
        var expected = await bed.QuerySourceAsync($"SELECT id, row({Columns})::text FROM public.activities ORDER BY id");
        Assert.Equal(52, expected.Count);
        Assert.Equal(expected, await bed.QueryWarehouseAsync($"SELECT id, row({Columns})::text FROM strava.activities WHERE NOT _deleted ORDER BY id"));
        // The change log's last image of each live row is that row.
        Assert.Equal(expected, await bed.QueryWarehouseAsync($"""
            SELECT id, r FROM (SELECT DISTINCT ON (id) id, _operation, row({Columns})::text AS r FROM strava.activities_changes ORDER BY id, _lsn DESC, _seq DESC) last
            WHERE _operation <> 'delete' ORDER BY id
            """));
        // The unchanged TOAST value of an update is the stored one, in the current state and in the change log.
        Assert.Equal(["1|renamed|6400", "10|renamed|6400", "11|renamed|6400", "12|Café ✓ 東京 🏃 12\ttab\nline \\ back|6400"], await bed.QueryWarehouseAsync(
            "SELECT id, name, length(polyline) FROM strava.activities_changes WHERE _operation = 'update' ORDER BY id"));
        // A delete is logged with the row's last values: stored ones, or those of the insert earlier in the same batch.
        // The stored row stays as a tombstone; 13, inserted and deleted since the last sync, was never stored.
        Assert.Equal(["2|to delete|6400", "13|Café ✓ 東京|6400"], await bed.QueryWarehouseAsync(
            "SELECT id, left(name, 9), length(polyline) FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY id"));
        Assert.Equal(["2|to delete|6400|True"], await bed.QueryWarehouseAsync(
            "SELECT id, left(name, 9), length(polyline), _deleted FROM strava.activities WHERE id IN (2, 13) ORDER BY id"));
    }

    [Fact]
    public async Task A_sink_that_takes_text_gets_the_same_rows_from_a_text_stream()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("""
            CREATE TABLE activities (id bigint PRIMARY KEY, name text, latlng double precision[], raw jsonb, start_date timestamptz, polyline text);
            ALTER TABLE activities ALTER COLUMN polyline SET STORAGE EXTERNAL;
            INSERT INTO activities VALUES (1, 'snapshot row', NULL, NULL, NULL, repeat(md5('1'), 200));
            """);
        var settings = bed.Settings("activities");
        var request = bed.Request(settings);
        request = request with { Sink = async token => new TextOnlySink(await bed.Request(settings).Sink(token)) };
        await CdcSync.RunAsync(request, null, CancellationToken.None);

        await bed.ExecuteSourceAsync("""
            INSERT INTO activities SELECT i, 'Café ✓ ' || i || E'\t\\', ARRAY[i / 7.0, 'NaN'], jsonb_build_object('id', i), now(), repeat(md5(i::text), 200)
            FROM generate_series(2, 30) i;
            UPDATE activities SET name = 'renamed' WHERE id IN (1, 2);
            DELETE FROM activities WHERE id IN (3, 4);
            """);
        var summary = await CdcSync.RunAsync(request, null, CancellationToken.None);

        Assert.False(summary.BinaryValues);
        Assert.Equal((29, 2, 2), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        const string Columns = "name, latlng, raw, start_date, polyline";
        Assert.Equal(
            await bed.QuerySourceAsync($"SELECT id, row({Columns})::text FROM public.activities ORDER BY id"),
            await bed.QueryWarehouseAsync($"SELECT id, row({Columns})::text FROM strava.activities WHERE NOT _deleted ORDER BY id"));
    }

    [Fact]
    public async Task A_column_whose_type_changed_at_the_source_since_its_changes_were_written_streams_as_text()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE laps (id integer PRIMARY KEY, lap integer, name text); INSERT INTO laps VALUES (1, 1, 'one');");
        await bed.SyncAsync("laps");

        // The backlog's changes were written with lap as integer; the catalog says numeric when the sync starts.
        await bed.ExecuteSourceAsync("""
            INSERT INTO laps SELECT i, i * 10, 'lap ' || i FROM generate_series(2, 20) i;
            ALTER TABLE laps ALTER COLUMN lap TYPE numeric(12,3);
            INSERT INTO laps VALUES (21, 2.5, 'after');
            UPDATE laps SET name = 'edited' WHERE id = 2;
            """);
        var messages = new List<string>();
        var summary = await bed.SyncAsync(bed.Settings("laps"), progress: new Progress(messages));

        Assert.False(summary.BinaryValues);
        Assert.Contains(messages, m => m.Contains("streaming as text", StringComparison.Ordinal));
        Assert.Equal((20, 1, 0), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        Assert.Equal(["20"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.laps_changes WHERE _operation = 'insert'"));
        await bed.AssertSameAsync("laps", "id, name");
        Assert.Equal(["2|20|edited", "21|3|after"], await bed.QueryWarehouseAsync("SELECT id, lap, name FROM strava.laps WHERE id IN (2, 21) ORDER BY id"));
    }

    [Fact]
    public async Task A_table_with_a_type_outside_pg_catalog_streams_as_text()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("""
            CREATE TYPE sport AS ENUM ('Run', 'Ride');
            CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
            CREATE TABLE gear (id integer PRIMARY KEY, sport sport, weight positive);
            INSERT INTO gear VALUES (1, 'Run', 3);
            """);
        await bed.SyncAsync("gear");

        await bed.ExecuteSourceAsync("INSERT INTO gear VALUES (2, 'Ride', 9), (3, NULL, NULL); UPDATE gear SET weight = 4 WHERE id = 1;");
        var summary = await bed.SyncAsync("gear");

        Assert.False(summary.BinaryValues);
        Assert.Equal(["1|Run|4", "2|Ride|9", "3|∅|∅"], await bed.QueryWarehouseAsync("SELECT id, sport, weight FROM strava.gear WHERE NOT _deleted ORDER BY id"));
    }

    [Fact]
    public async Task A_batch_spanning_many_copy_chunks_with_values_larger_than_a_chunk_arrives_whole()
    {
        // The sink's binary COPY data is kept in 64 KB chunks: rows and values cross their boundaries here (about
        // 2 MB of rows, values of 100 KB and 300 KB), and the rows must arrive byte for byte.
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE notes (id integer PRIMARY KEY, body text, raw jsonb); INSERT INTO notes VALUES (0, 'seed', '{}');");
        await bed.SyncAsync("notes");

        await bed.ExecuteSourceAsync("""
            INSERT INTO notes SELECT i, repeat(md5(i::text), 3 + i % 37), jsonb_build_object('i', i, 'text', repeat('é', i % 50))
            FROM generate_series(1, 6000) i;
            UPDATE notes SET body = repeat('long ', 20000) WHERE id = 17;
            INSERT INTO notes VALUES (6001, repeat('x', 300000), '{"big": true}');
            """);
        var summary = await bed.SyncAsync("notes");

        Assert.True(summary.BinaryValues);
        Assert.Equal((6001, 1, 0), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        await bed.AssertSameAsync("notes", "id, body, raw");
    }

    /// <summary>The PostgreSQL sink as a sink without the binary path (as the Snowflake one is) sees it.</summary>
    private sealed class TextOnlySink(ICdcSink inner) : ICdcSink
    {
        public Task<CdcCheckpoint?> ReadCheckpointAsync(string slot, CancellationToken cancellationToken) => inner.ReadCheckpointAsync(slot, cancellationToken);

        public Task BeginAsync(CancellationToken cancellationToken) => inner.BeginAsync(cancellationToken);

        public Task PrepareTableAsync(CdcTable table, bool recreate, CancellationToken cancellationToken) => inner.PrepareTableAsync(table, recreate, cancellationToken);

        public Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken) =>
            inner.LoadSnapshotAsync(table, rows, position, takenAtUtc, cancellationToken);

        public Task<CdcApplyCounts> ApplyAsync(CdcTable table, IReadOnlyList<CdcChange> changes, CancellationToken cancellationToken) =>
            inner.ApplyAsync(table, changes, cancellationToken);

        public Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken) =>
            inner.TruncateAsync(table, position, sequence, commitTimeUtc, cancellationToken);

        public Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken) => inner.CommitAsync(checkpoint, cancellationToken);

        public Task RollbackAsync(CancellationToken cancellationToken) => inner.RollbackAsync(cancellationToken);

        public Task ForgetAsync(string slot, CancellationToken cancellationToken) => inner.ForgetAsync(slot, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Progress(List<string> messages) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (messages)
            {
                messages.Add(value);
            }
        }
    }
}
