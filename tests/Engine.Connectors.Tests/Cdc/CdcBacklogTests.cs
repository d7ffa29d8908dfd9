using Engine.TestSupport;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres.Cdc;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// A drain writes its batches to the change log and applies the current state from the log at its last commit (the
/// table's backlog); these tests hold that the state it arrives at is the source's, whatever the order of the commits.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CdcBacklogTests(PostgresFixture postgres)
{
    private const string Activities = "CREATE TABLE activities (id bigint PRIMARY KEY, name text, n integer);";

    [Fact]
    public async Task A_drain_committing_every_transaction_applies_repeated_keys_and_fills_deletes_from_rows_it_logged_earlier()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities SELECT i, 'a' || i, i FROM generate_series(1, 20) i;");
        await bed.SyncAsync("activities");

        // One statement per source transaction; the settings commit the warehouse after each of them.
        foreach (var transaction in new[]
        {
            "INSERT INTO activities SELECT i, 'a' || i, i FROM generate_series(21, 60) i",
            "UPDATE activities SET name = 'u1', n = n + 100 WHERE id BETWEEN 21 AND 40 OR id <= 10",
            "UPDATE activities SET name = 'u2' WHERE id BETWEEN 21 AND 30",
            // One transaction: the deletes' columns come from the inserts before them in the same batch.
            "INSERT INTO activities SELECT i, 'b' || i, i FROM generate_series(61, 70) i; DELETE FROM activities WHERE id BETWEEN 65 AND 70",
            // Rows inserted three commits ago, not yet in the current state: a delete sends only the key, and its
            // columns are those of the key's row logged earlier in this drain.
            "DELETE FROM activities WHERE id BETWEEN 41 AND 45",
            "UPDATE activities SET n = -n WHERE id BETWEEN 46 AND 50",
        })
        {
            await bed.ExecuteSourceAsync(transaction);
        }

        var summary = await bed.SyncAsync(bed.Settings("activities") with { BatchSize = 1 });

        Assert.Equal((50, 45, 11), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        Assert.True(summary.Transactions >= 6);
        await bed.AssertSameAsync("activities");
        Assert.Equal(
            ["41|a41|41", "42|a42|42", "43|a43|43", "44|a44|44", "45|a45|45", "65|b65|65", "66|b66|66", "67|b67|67", "68|b68|68", "69|b69|69", "70|b70|70"],
            await bed.QueryWarehouseAsync("SELECT id, name, n FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY id"));
        Assert.Equal(["106"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities_changes WHERE _operation <> 'snapshot'"));
        // Each row carries the position of its last change, and no backlog is left.
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("""
            SELECT count(*) FROM strava.activities t
            WHERE t._lsn <> (SELECT max(c._lsn) FROM strava.activities_changes c WHERE c.id = t.id)
            """));
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT count(*) FROM _engine.cdc_backlog"));
    }

    [Fact]
    public async Task A_key_deleted_and_inserted_again_within_a_drain_logs_each_delete_with_the_values_it_removed()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities VALUES (1, 'one', 1), (2, 'two', 2);");
        await bed.SyncAsync("activities");

        foreach (var transaction in new[]
        {
            "DELETE FROM activities WHERE id = 1", // removes the row stored before the drain
            "INSERT INTO activities VALUES (1, 'again', 10)",
            "UPDATE activities SET name = 'again!' WHERE id = 1",
            "DELETE FROM activities WHERE id = 1", // removes the values the update before it gave, logged in this drain
            "INSERT INTO activities VALUES (1, 'third', 30)",
            "INSERT INTO activities VALUES (3, 'three', 3); DELETE FROM activities WHERE id = 3", // never stored
            "DELETE FROM activities WHERE id = 2",
        })
        {
            await bed.ExecuteSourceAsync(transaction);
        }

        var summary = await bed.SyncAsync(bed.Settings("activities") with { BatchSize = 1 });

        Assert.Equal((3, 1, 4), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        await bed.AssertSameAsync("activities");
        Assert.Equal(
            ["1|one|1", "1|again!|10", "3|three|3", "2|two|2"],
            await bed.QueryWarehouseAsync("SELECT id, name, n FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY _lsn, _seq"));
        Assert.Equal(
            ["1|third|30|False", "2|two|2|True"], // 3 was inserted and deleted within the drain: logged, never stored
            await bed.QueryWarehouseAsync("SELECT id, name, n, _deleted FROM strava.activities ORDER BY id"));
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT count(*) FROM _engine.cdc_backlog"));
    }

    [Fact]
    public async Task The_snapshot_leaves_the_change_logs_block_range_index_summarized_so_a_drain_reads_only_what_came_after()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        // Enough rows for several 128-block ranges.
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities SELECT i, repeat('x', 500), i FROM generate_series(1, 20000) i;");
        await bed.SyncAsync("activities");

        // Nothing of the snapshot is left for a summarization to do: every range it filled is summarized.
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT brin_summarize_new_values('strava.activities_changes__lsn'::regclass)"));

        await bed.ExecuteSourceAsync("UPDATE activities SET n = -n WHERE id <= 5; INSERT INTO activities VALUES (20001, 'new', 1);");
        var summary = await bed.SyncAsync("activities");

        Assert.Equal((1, 5, 0), (summary.Applied.Inserted, summary.Applied.Updated, summary.Applied.Deleted));
        await bed.AssertSameAsync("activities");
    }

    [Fact]
    public async Task A_backlog_left_by_a_drain_that_stopped_after_a_deferred_commit_is_applied_by_the_next_sync()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities VALUES (1, 'one', 1), (2, 'two', 2);");
        await bed.SyncAsync("activities");

        // What a drain's commits before its last leave: the changes in the log, the state behind it.
        await ApplyThroughSinkAsync(bed, deferred: true, (at, time) =>
        [
            new CdcChange(CdcOperation.Insert, at, 1, time, ["3", "three", "3"], null),
            new CdcChange(CdcOperation.Update, at, 2, time, ["1", "one!", "10"], null),
            new CdcChange(CdcOperation.Update, at, 3, time, ["3", "three!", "30"], null),
        ]);

        Assert.Equal(["1|one|1", "2|two|2"], await bed.QueryWarehouseAsync("SELECT id, name, n FROM strava.activities ORDER BY id"));
        Assert.Equal(["3"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities_changes WHERE _operation <> 'snapshot'"));
        Assert.Equal(["activities"], await bed.QueryWarehouseAsync("SELECT table_name FROM _engine.cdc_backlog WHERE schema_name = 'strava'"));

        // The next sync brings nothing for the table, and still leaves its state up to its log.
        var summary = await bed.SyncAsync("activities");

        Assert.Equal(0, summary.Applied.Total);
        Assert.Equal(["1|one!|10|False", "2|two|2|False", "3|three!|30|False"], await bed.QueryWarehouseAsync("SELECT id, name, n, _deleted FROM strava.activities ORDER BY id"));
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT count(*) FROM _engine.cdc_backlog"));
    }

    [Fact]
    public async Task Deletes_that_send_only_their_keys_log_the_stored_values_and_leave_no_row_for_a_key_never_stored()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities VALUES (1, 'one', 1), (2, 'two', 2);");
        await bed.SyncAsync("activities");

        bool[] keyOnly = [false, true, true];
        await ApplyThroughSinkAsync(bed, deferred: false, (at, time) =>
        [
            new CdcChange(CdcOperation.Delete, at, 1, time, ["1", null, null], keyOnly),
            new CdcChange(CdcOperation.Delete, at, 2, time, ["99", null, null], keyOnly),
        ]);

        Assert.Equal(["1|one|1|True", "2|two|2|False"], await bed.QueryWarehouseAsync("SELECT id, name, n, _deleted FROM strava.activities ORDER BY id"));
        Assert.Equal(["1|1|one|1", "2|99|∅|∅"], await bed.QueryWarehouseAsync("SELECT _seq, id, name, n FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY _seq"));
    }

    [Fact]
    public async Task Deletes_of_rows_the_drain_logged_are_logged_with_those_rows_values_and_leave_the_current_state_to_the_last_commit()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities VALUES (1, 'one', 1), (3, 'three', 3);");
        await bed.SyncAsync("activities");

        var table = new CdcTable("activities", [new CdcColumn("id", "bigint"), new CdcColumn("name", "text"), new CdcColumn("n", "integer")], ["id"]);
        await using var sink = new PostgresCdcSink(bed.Warehouse, "strava");
        var checkpoint = await sink.ReadCheckpointAsync(bed.Slot, CancellationToken.None);
        Assert.NotNull(checkpoint);
        var first = new CdcPosition(checkpoint.Position.Value + 16);
        var second = new CdcPosition(checkpoint.Position.Value + 32);
        var time = DateTime.UtcNow;
        bool[] keyOnly = [false, true, true];

        await sink.BeginAsync(CancellationToken.None);
        await sink.PrepareTableAsync(table, recreate: false, CancellationToken.None);
        await sink.ApplyAsync(table, [new CdcChange(CdcOperation.Insert, first, 1, time, ["2", "two", "2"], null), new CdcChange(CdcOperation.Update, first, 2, time, ["1", "one!", "10"], null)], CancellationToken.None);
        await sink.CommitDeferredAsync(checkpoint with { Position = first }, CancellationToken.None);
        // Keys 2 and 1 were logged by this sink; key 3 was stored before, so its delete reads the stored row.
        await sink.BeginAsync(CancellationToken.None);
        await sink.ApplyAsync(table, [new CdcChange(CdcOperation.Delete, second, 1, time, ["2", null, null], keyOnly), new CdcChange(CdcOperation.Delete, second, 2, time, ["1", null, null], keyOnly)], CancellationToken.None);
        await sink.CommitDeferredAsync(checkpoint with { Position = second }, CancellationToken.None);

        // Logged from the rows logged before them, without bringing the current state up to the log first.
        Assert.Equal(["1|2|two|2", "2|1|one!|10"], await bed.QueryWarehouseAsync("SELECT _seq, id, name, n FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY _seq"));
        Assert.Equal(["1|one|1|False", "3|three|3|False"], await bed.QueryWarehouseAsync("SELECT id, name, n, _deleted FROM strava.activities ORDER BY id"));
        Assert.Equal(["activities"], await bed.QueryWarehouseAsync("SELECT table_name FROM _engine.cdc_backlog WHERE schema_name = 'strava'"));

        await sink.BeginAsync(CancellationToken.None);
        await sink.ApplyAsync(table, [new CdcChange(CdcOperation.Delete, new CdcPosition(second.Value + 16), 1, time, ["3", null, null], keyOnly)], CancellationToken.None);
        await sink.CommitAsync(checkpoint with { Position = new CdcPosition(second.Value + 16) }, CancellationToken.None);

        // 2 was inserted and deleted within the drain: logged, never stored.
        Assert.Equal(["1|one!|10|True", "3|three|3|True"], await bed.QueryWarehouseAsync("SELECT id, name, n, _deleted FROM strava.activities ORDER BY id"));
        Assert.Equal(["1|one!|10", "2|two|2", "3|three|3"], await bed.QueryWarehouseAsync("SELECT id, name, n FROM strava.activities_changes WHERE _operation = 'delete' ORDER BY id"));
        Assert.Equal(["0"], await bed.QueryWarehouseAsync("SELECT count(*) FROM _engine.cdc_backlog"));
    }

    [Fact]
    public async Task A_change_log_column_whose_type_differs_from_the_source_takes_the_changes_through_the_staging_table()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities VALUES (1, 'one', 1);");
        await bed.SyncAsync("activities");
        // A binary COPY of the source's 4-byte integers into these columns would fail; the staging table casts them.
        await bed.ExecuteWarehouseAsync("ALTER TABLE strava.activities ALTER n TYPE bigint; ALTER TABLE strava.activities_changes ALTER n TYPE bigint;");

        await bed.ExecuteSourceAsync("INSERT INTO activities VALUES (2, 'two', 2147483647)");
        await bed.ExecuteSourceAsync("UPDATE activities SET n = -5 WHERE id = 1");
        var summary = await bed.SyncAsync("activities");

        Assert.True(summary.BinaryValues);
        Assert.Equal(2, summary.Applied.Total);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["2|insert|2147483647", "1|update|-5"], await bed.QueryWarehouseAsync("SELECT id, _operation, n FROM strava.activities_changes WHERE _operation <> 'snapshot' ORDER BY _lsn, _seq"));
    }

    /// <summary>
    /// Applies changes of <c>activities</c> straight through the sink, in one warehouse transaction at the bed's
    /// checkpoint (the changes get its position and a commit time), committed deferred or not.
    /// </summary>
    private static async Task ApplyThroughSinkAsync(CdcTestBed bed, bool deferred, Func<CdcPosition, DateTime, CdcChange[]> changes)
    {
        var table = new CdcTable("activities", [new CdcColumn("id", "bigint"), new CdcColumn("name", "text"), new CdcColumn("n", "integer")], ["id"]);
        await using var sink = new PostgresCdcSink(bed.Warehouse, "strava");
        var checkpoint = await sink.ReadCheckpointAsync(bed.Slot, CancellationToken.None);
        Assert.NotNull(checkpoint);
        await sink.BeginAsync(CancellationToken.None);
        await sink.PrepareTableAsync(table, recreate: false, CancellationToken.None);
        await sink.ApplyAsync(table, changes(checkpoint.Position, DateTime.UtcNow), CancellationToken.None);
        await (deferred ? sink.CommitDeferredAsync(checkpoint, CancellationToken.None) : sink.CommitAsync(checkpoint, CancellationToken.None));
    }
}
