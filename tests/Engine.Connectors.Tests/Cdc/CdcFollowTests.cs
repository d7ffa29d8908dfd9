using System.Globalization;
using Engine.Connectors.Cdc;
using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

[Collection(PostgresCollection.Name)]
public sealed class CdcFollowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Follow_applies_changes_as_they_come_and_the_heartbeat_advances_a_quiet_slot()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE athletes (id bigint PRIMARY KEY, name text); CREATE TABLE other (id int);");
        var settings = bed.Settings("athletes") with { HeartbeatInterval = TimeSpan.FromSeconds(1) };
        await bed.SyncAsync(settings);
        using var stop = new CancellationTokenSource();
        var following = CdcSync.RunAsync(bed.Request(settings) with { Mode = CdcMode.Follow }, null, stop.Token);
        CdcSummary summary;
        try
        {
            await bed.ExecuteSourceAsync("INSERT INTO athletes VALUES (1, 'a'), (2, 'b')");
            await CdcTestBed.WaitUntilAsync(async () => await WarehouseCountAsync(bed) == "2");

            // WAL written by a table outside the publication: only the heartbeat lets the slot move past it.
            await bed.ExecuteSourceAsync("INSERT INTO other SELECT generate_series(1, 1000)");
            var position = (await bed.QuerySourceAsync("SELECT pg_current_wal_lsn()::text"))[0];
            await CdcTestBed.WaitUntilAsync(async () => (await bed.QuerySourceAsync(
                $"SELECT confirmed_flush_lsn >= '{position}'::pg_lsn FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0] == "True");
        }
        finally
        {
            await stop.CancelAsync();
            summary = await following;
        }

        Assert.Equal(2, summary.Applied.Inserted);
        await bed.AssertSameAsync("athletes");
        Assert.Equal(["False"], await bed.QuerySourceAsync($"SELECT active FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"));
    }

    [Fact]
    public async Task An_inactive_slot_holding_back_more_than_max_lag_warning_is_reported()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE athletes (id bigint PRIMARY KEY, name text);");
        var settings = bed.Settings("athletes") with { MaxLagWarningBytes = 64 * 1024 };
        await bed.SyncAsync(settings);
        await bed.ExecuteSourceAsync("INSERT INTO athletes SELECT i, repeat('x', 100) FROM generate_series(1, 5000) i");
        var written = (await bed.QuerySourceAsync("SELECT pg_current_wal_lsn()::text"))[0];

        // The walsender of the sync that just ended exits asynchronously; the warning is about an idle slot.
        await CdcTestBed.WaitUntilAsync(async () => (await bed.QuerySourceAsync($"SELECT active::text FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0] == "false");
        var status = await CdcSync.StatusAsync(settings, bed.Source, bed.Request(settings).Sink, CancellationToken.None);
        var summary = await bed.SyncAsync(settings);

        Assert.NotNull(status.Slot);
        Assert.False(status.Slot.Active);
        Assert.True(status.Slot.LagBytes > 64 * 1024, status.Slot.ToString());
        Assert.Contains("holds back", status.LagWarning, StringComparison.Ordinal);
        Assert.Single(summary.Warnings);
        Assert.Equal(5000, summary.Applied.Inserted);
        var after = await CdcSync.StatusAsync(settings, bed.Source, bed.Request(settings).Sink, CancellationToken.None);
        // The warehouse shares this test cluster, so its own writes keep some lag; but the slot moves past the changes.
        // The server records the sync's last confirmation a moment after the sync returns (the checkpoint in the
        // warehouse is what the next run starts from), so the slot is polled.
        await CdcTestBed.WaitUntilAsync(async () =>
            (await bed.QuerySourceAsync($"SELECT (confirmed_flush_lsn >= '{written}'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0] == "true");
        Assert.Equal(summary.ToLsn, after.Checkpoint!.Position.Value);
    }

    [Fact]
    public async Task A_drain_lets_the_slot_release_the_WAL_it_read()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE athletes (id bigint PRIMARY KEY, name text);");
        var settings = bed.Settings("athletes");
        await bed.SyncAsync(settings);
        await bed.ExecuteSourceAsync("INSERT INTO athletes SELECT i, repeat('x', 100) FROM generate_series(1, 5000) i");
        var written = (await bed.QuerySourceAsync("SELECT pg_current_wal_lsn()::text"))[0];

        var summary = await bed.SyncAsync(settings);

        // Without a running-transactions record inside the drain the server keeps the restart position where the slot
        // was made, and the next sync decodes these 5,000 rows' WAL again before its own changes.
        Assert.Equal(5000, summary.Applied.Inserted);
        await CdcTestBed.WaitUntilAsync(async () =>
            (await bed.QuerySourceAsync($"SELECT (restart_lsn >= '{written}'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0] == "true");
    }

    [Fact]
    public async Task A_drain_through_much_unrelated_wal_leaves_the_slot_restart_position_near_its_end()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text); INSERT INTO activities (id, athlete_id, name) SELECT i, 1, 'a' || i FROM generate_series(1, 10) i;");
        await bed.SyncAsync("activities");

        // A running-transactions record (a new slot logs one), then about 40 MB of WAL from other work on the server,
        // as a build in the warehouse writes between two syncs. The record is the first restart candidate the next drain
        // decodes past its start; PostgreSQL holds one candidate at a time, so on its own the slot would restart there.
        await bed.ExecuteSourceAsync("SELECT pg_create_logical_replication_slot('probe_' || pg_backend_pid(), 'pgoutput', true)");
        await bed.ExecuteWarehouseAsync("CREATE TABLE filler AS SELECT i, repeat(md5(i::text), 6) AS pad FROM generate_series(1, 150000) i");
        await bed.ExecuteSourceAsync("INSERT INTO activities (id, athlete_id, name) VALUES (11, 2, 'after the build')");
        var written = long.Parse((await bed.QuerySourceAsync($"SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0], CultureInfo.InvariantCulture);
        Assert.True(written > 32L << 20, $"the filler wrote {written} bytes of WAL");

        var summary = await bed.SyncAsync("activities");

        Assert.Equal(1, summary.Applied.Inserted);
        await bed.AssertSameAsync("activities");
        // The next sync decodes from the restart position: it must not read the filler's WAL again.
        var lag = long.Parse((await bed.QuerySourceAsync($"SELECT (confirmed_flush_lsn - restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0], CultureInfo.InvariantCulture);
        Assert.True(lag < 1L << 20, $"the slot's restart position is {lag} bytes behind its confirmed position");
        Assert.Equal([summary.ToLsn.ToString(CultureInfo.InvariantCulture)],
            await bed.QueryWarehouseAsync($"SELECT (lsn - '0/0')::bigint FROM _engine.cdc_state WHERE slot = '{bed.Slot}'"));
        await bed.ExecuteSourceAsync("UPDATE activities SET name = 'later' WHERE id = 11");
        Assert.Equal(1, (await bed.SyncAsync("activities")).Applied.Updated);
        await bed.AssertSameAsync("activities");
    }

    [Fact]
    public async Task A_drain_whose_restart_point_waits_on_a_long_transaction_does_not_try_a_second_one()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE activities (id bigint PRIMARY KEY, name text); CREATE TABLE other (id int);");
        await bed.SyncAsync("activities");

        // An open transaction that has written keeps a new slot waiting (the restart point gives up after 500 ms) and
        // holds the restart position before the filler's WAL, so the slot lags after the drain whatever it does.
        await using var open = new Npgsql.NpgsqlConnection(bed.Source);
        await open.OpenAsync();
        await using var transaction = await open.BeginTransactionAsync();
        await using (var write = new Npgsql.NpgsqlCommand("INSERT INTO other VALUES (1)", open, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        await bed.ExecuteWarehouseAsync("CREATE TABLE filler AS SELECT i, repeat(md5(i::text), 6) AS pad FROM generate_series(1, 150000) i");
        await bed.ExecuteSourceAsync("INSERT INTO activities VALUES (1, 'one')");

        var summary = await bed.SyncAsync("activities");

        // The insert's transaction and the end marker's: no second marker after a restart point that could not be logged.
        Assert.Equal(1, summary.Applied.Inserted);
        Assert.Equal(2, summary.Transactions);
        await bed.AssertSameAsync("activities");
        await transaction.RollbackAsync();
    }

    private static async Task<string> WarehouseCountAsync(CdcTestBed bed)
    {
        try
        {
            return (await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.athletes"))[0];
        }
        catch (Npgsql.PostgresException)
        {
            return "no table yet";
        }
    }
}
