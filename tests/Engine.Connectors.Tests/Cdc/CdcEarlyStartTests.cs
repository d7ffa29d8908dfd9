using Engine.Connectors.Cdc;
using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// A sync started before the work it drains has ended (<c>engine run</c> starts it with the extract): it streams at once
/// but applies nothing until released, then drains every change committed before the release.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CdcEarlyStartTests(PostgresFixture postgres)
{
    private const string Activities = "CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text);";

    [Fact]
    public async Task A_sync_started_early_applies_nothing_before_its_release_then_every_change_committed_before_it()
    {
        await using var bed = await SyncedBedAsync();

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sync = CdcSync.RunAsync(bed.Request(bed.Settings("activities")), null, release.Task, CancellationToken.None);
        await WaitStreamingAsync(bed, sync);
        // Committed while the sync streams and waits, in several transactions, as an extract commits its pages.
        await bed.ExecuteSourceAsync("INSERT INTO activities SELECT i, 2, 'b' || i FROM generate_series(11, 20) i;");
        await bed.ExecuteSourceAsync("UPDATE activities SET name = 'renamed' WHERE id IN (1, 11); DELETE FROM activities WHERE id = 2;");
        await Task.Delay(300);
        Assert.False(sync.IsCompleted);
        Assert.Equal(["10|0"], await bed.QueryWarehouseAsync("SELECT count(*), count(*) FILTER (WHERE name = 'renamed') FROM strava.activities"));

        release.SetResult();
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(10, summary.Applied.Inserted);
        Assert.Equal(2, summary.Applied.Updated);
        Assert.Equal(1, summary.Applied.Deleted);
        await bed.AssertSameAsync("activities");
        var next = await bed.SyncAsync("activities");
        Assert.Equal(0, next.Applied.Total);
    }

    [Fact]
    public async Task A_sync_abandoned_before_its_release_applies_nothing_and_the_next_sync_applies_every_change_once()
    {
        await using var bed = await SyncedBedAsync();

        using var abandon = new CancellationTokenSource();
        var sync = CdcSync.RunAsync(bed.Request(bed.Settings("activities")), null, new TaskCompletionSource().Task, abandon.Token);
        await WaitStreamingAsync(bed, sync);
        await bed.ExecuteSourceAsync("INSERT INTO activities SELECT i, 2, 'b' || i FROM generate_series(11, 15) i; DELETE FROM activities WHERE id = 3;");
        await abandon.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(["10"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities"));
        var next = await bed.SyncAsync("activities");
        Assert.Equal(5, next.Applied.Inserted);
        Assert.Equal(1, next.Applied.Deleted);
        await bed.AssertSameAsync("activities");
        Assert.Equal(["5"], await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.activities_changes WHERE _operation = 'insert'"));
    }

    [Fact]
    public async Task A_sync_started_early_outlives_a_wait_longer_than_the_servers_sender_timeout_with_its_buffer_full()
    {
        await using var bed = await SyncedBedAsync();

        // An extract can wait out Strava's rate limit for minutes, and the walsender ends a connection silent for longer
        // than wal_sender_timeout (60 s by default; 1 s here). Forty source transactions fill the stream's read-ahead
        // buffer, so reading waits too, and only the timed status updates keep the connection (every 10 s by default, so
        // the sync failed here until they came at a quarter of the timeout).
        var request = bed.Request(bed.Settings("activities")) with { SourceConnectionString = bed.Source + ";Options=-c wal_sender_timeout=1s" };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sync = CdcSync.RunAsync(request, null, release.Task, CancellationToken.None);
        await WaitStreamingAsync(bed, sync);
        for (var i = 0; i < 40; i++)
        {
            await bed.ExecuteSourceAsync($"INSERT INTO activities VALUES ({100 + i}, 2, 'late');");
        }

        await Task.Delay(3000);
        release.SetResult();
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(40, summary.Applied.Inserted);
        await bed.AssertSameAsync("activities");
    }

    /// <summary>A bed whose source has 10 activities, already synced: the next sync drains.</summary>
    private async Task<CdcTestBed> SyncedBedAsync()
    {
        var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync(Activities + "INSERT INTO activities SELECT i, 1, 'a' || i FROM generate_series(1, 10) i;");
        await bed.SyncAsync("activities");
        return bed;
    }

    /// <summary>Until the sync's replication connection holds its slot: its stream has started.</summary>
    private static async Task WaitStreamingAsync(CdcTestBed bed, Task sync)
    {
        for (var i = 0; i < 300 && !sync.IsCompleted; i++)
        {
            if (await bed.QuerySourceAsync($"SELECT 1 FROM pg_replication_slots WHERE slot_name = '{bed.Slot}' AND active") is [_])
            {
                return;
            }

            await Task.Delay(50);
        }

        await sync; // surfaces the sync's own failure
        Assert.Fail("the sync ended before it was released");
    }
}
