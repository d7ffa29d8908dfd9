using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres.LocalCluster;

/// <summary>
/// The warm-up a command starts while its project loads (<see cref="LocalPostgresCluster.WarmUpAsync"/>) changes nothing:
/// the command may still stop at a project error, so a stopped server stays stopped and a missing database stays missing
/// until the command's own <see cref="LocalPostgresCluster.EnsureStartedAsync(string, CancellationToken)"/>.
/// </summary>
public sealed class ClusterWarmUpTests : IAsyncLifetime
{
    private readonly TemporaryCluster _temporary = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _temporary.DisposeAsync();

    [Fact]
    public async Task A_warm_up_starts_no_server()
    {
        var cluster = _temporary.Cluster;
        await cluster.EnsureStartedAsync();
        await cluster.StopAsync();

        await new LocalPostgresCluster(cluster.DataDirectory).WarmUpAsync("warmed");

        Assert.False((await cluster.GetStatusAsync()).IsRunning);
    }

    [Fact]
    public async Task A_warm_up_creates_no_database_and_the_command_still_does()
    {
        var running = await _temporary.Cluster.EnsureStartedAsync();
        // Another object for the same folder: what a new process would hold. The server is known to this process, the
        // database is not.
        var cluster = new LocalPostgresCluster(_temporary.Cluster.DataDirectory);

        await cluster.WarmUpAsync("not_yet");

        Assert.Equal(0L, await ExecuteAsync(running.ConnectionString(), "SELECT count(*) FROM pg_database WHERE datname = 'not_yet'"));
        var instance = await cluster.EnsureStartedAsync("not_yet");
        Assert.Equal(1, await ExecuteAsync(instance.EngineConnectionString("not_yet"), "SELECT 1"));
    }

    /// <summary>
    /// The command's first connection can come while the warm-up still checks the server: it waits for that check and
    /// uses it (a file lock alone would have it poll), and both see the same server and database.
    /// </summary>
    [Fact]
    public async Task A_warm_up_and_the_command_at_once_share_the_check()
    {
        var running = await _temporary.Cluster.EnsureStartedAsync("shared");
        NpgsqlConnection.ClearAllPools();
        var link = Path.Combine(_temporary.Root, "link");
        Directory.CreateSymbolicLink(link, _temporary.Cluster.DataDirectory);
        var cluster = new LocalPostgresCluster(link);

        var warming = cluster.WarmUpAsync("shared");
        var instances = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => cluster.EnsureStartedAsync("shared"))));
        await warming;

        Assert.All(instances, i => Assert.Equal(running.Port, i.Port));
        Assert.Equal(1, await ExecuteAsync(instances[0].EngineConnectionString("shared"), "SELECT 1"));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
