using Engine.Connectors.Cdc;
using Engine.TestSupport;
using Engine.Warehouse;
using Npgsql;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>The connection to the staging database lost while changes stream: a named error, and nothing lost or doubled.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CdcLostStreamTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stream_cut_midway_fails_with_a_named_connection_error_and_the_next_sync_applies_everything_once(bool reset)
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync("CREATE TABLE athletes (id bigint PRIMARY KEY, name text);");
        var settings = bed.Settings("athletes");
        await bed.SyncAsync(settings);
        var source = new NpgsqlConnectionStringBuilder(bed.Source);
        await using var proxy = new DroppingProxy(source.Host!, source.Port);
        var proxied = new NpgsqlConnectionStringBuilder(bed.Source) { Port = proxy.Port, Pooling = false }.ConnectionString;
        using var stop = new CancellationTokenSource(Patience);
        var following = CdcSync.RunAsync(bed.Request(settings) with { Mode = CdcMode.Follow, SourceConnectionString = proxied }, null, stop.Token);

        await bed.ExecuteSourceAsync("INSERT INTO athletes VALUES (1, 'a'), (2, 'b')");
        await CdcTestBed.WaitUntilAsync(async () => (await bed.QueryWarehouseAsync("SELECT count(*) FROM strava.athletes"))[0] == "2");
        await bed.ExecuteSourceAsync("UPDATE athletes SET name = 'a2' WHERE id = 1; INSERT INTO athletes VALUES (3, 'c')");
        proxy.Drop(reset);
        var error = await Assert.ThrowsAsync<WarehouseConnectionException>(() => following);

        Assert.False(stop.IsCancellationRequested, "the follow ended only when its time ran out, not when its connection was cut");
        Assert.Equal(WarehouseErrorKind.ConnectionLost, error.Kind);
        Assert.Contains($"127.0.0.1:{proxy.Port} (database {source.Database}, user {source.Username})", error.Message, StringComparison.Ordinal);
        if (source.Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        }

        await bed.ExecuteSourceAsync("DELETE FROM athletes WHERE id = 2");
        // The walsender of the cut connection may still hold the slot for a moment.
        await CdcTestBed.WaitUntilAsync(async () => (await bed.QuerySourceAsync($"SELECT active::text FROM pg_replication_slots WHERE slot_name = '{bed.Slot}'"))[0] == "false");
        var next = await bed.SyncAsync(settings);

        await bed.AssertSameAsync("athletes");
        Assert.Equal(
            ["1|insert|a", "2|insert|b", "1|update|a2", "3|insert|c", "2|delete|b"],
            await bed.QueryWarehouseAsync("SELECT id || '|' || _operation || '|' || name FROM strava.athletes_changes ORDER BY _lsn, _seq"));
        Assert.Equal(1, next.Applied.Deleted);
    }
}
