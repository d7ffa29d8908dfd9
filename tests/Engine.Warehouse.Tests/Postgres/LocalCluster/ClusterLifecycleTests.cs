using System.Diagnostics;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres.LocalCluster;

/// <summary>Stopping, restarting and destroying: each test owns a cluster, so the shared one keeps running.</summary>
public sealed class ClusterLifecycleTests : IAsyncLifetime
{
    private readonly TemporaryCluster _temporary = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _temporary.DisposeAsync();

    [Fact]
    public async Task StopThenStartKeepsTheData()
    {
        var cluster = _temporary.Cluster;
        var first = await cluster.EnsureStartedAsync();
        await ExecuteAsync(first.ConnectionString(), "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

        await cluster.StopAsync();
        Assert.False((await cluster.GetStatusAsync()).IsRunning);
        var second = await cluster.EnsureStartedAsync();

        Assert.Equal(42, await ExecuteAsync(second.ConnectionString(), "SELECT id FROM kept"));
    }

    [Fact]
    public async Task StopWithoutAServerDoesNothing()
    {
        await _temporary.Cluster.StopAsync();
        await _temporary.Cluster.EnsureStartedAsync();
        await _temporary.Cluster.StopAsync();
        await _temporary.Cluster.StopAsync();

        Assert.True(_temporary.Cluster.IsInitialized);
    }

    [Fact]
    public async Task DestroyRemovesTheFolder()
    {
        await _temporary.Cluster.EnsureStartedAsync();

        await _temporary.Cluster.DestroyAsync();

        Assert.False(Directory.Exists(_temporary.Cluster.DataDirectory));
    }

    [Fact]
    public async Task StalePidFileFromACrashDoesNotBlockStart()
    {
        var cluster = _temporary.Cluster;
        await cluster.EnsureStartedAsync();
        await cluster.StopAsync();
        var pidFile = Path.Combine(cluster.DataDirectory, "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, $"{DeadProcessId()}\n{cluster.DataDirectory}\n1700000000\n5999\n\n127.0.0.1\n0 0\nready   \n");

        var instance = await cluster.EnsureStartedAsync();

        Assert.Equal(1, await ExecuteAsync(instance.ConnectionString(), "SELECT 1"));
    }

    [Fact]
    public async Task ConcurrentStartsShareOneServer()
    {
        var data = _temporary.Cluster.DataDirectory;

        var instances = await Task.WhenAll(
            Enumerable.Range(0, 3).Select(_ => Task.Run(() => new LocalPostgresCluster(data).EnsureStartedAsync())));

        Assert.Single(instances.Select(i => i.Port).Distinct());
    }

    /// <summary>
    /// The server and its databases are checked once per process and server start: a server another process stopped
    /// (here a fast shutdown by signal) is started again, and a database dropped meanwhile is created again.
    /// </summary>
    [Fact]
    public async Task A_server_stopped_by_another_process_is_started_again_with_its_database()
    {
        var cluster = _temporary.Cluster;
        var first = await cluster.EnsureStartedAsync("checked_once");
        Assert.Equal(1, await ExecuteAsync(first.ConnectionString("checked_once"), "SELECT 1"));
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(first.ConnectionString(), "DROP DATABASE checked_once");
        NpgsqlConnection.ClearAllPools();
        var pidFile = Path.Combine(cluster.DataDirectory, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (File.Exists(pidFile) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(pidFile), "the server did not stop");

        var second = await new LocalPostgresCluster(cluster.DataDirectory).EnsureStartedAsync("checked_once");

        Assert.Equal(1, await ExecuteAsync(second.ConnectionString("checked_once"), "SELECT 1"));
    }

    /// <summary>
    /// A server this process has not checked yet (another process started it; here the same folder reached through a
    /// link, which this process keys apart) is probed by opening the database itself: a database that does not exist yet
    /// is still created.
    /// </summary>
    [Fact]
    public async Task A_running_server_new_to_the_process_still_gets_a_missing_database_created()
    {
        var running = await _temporary.Cluster.EnsureStartedAsync();
        var alias = Path.Combine(_temporary.Root, "alias");
        Directory.CreateSymbolicLink(alias, _temporary.Cluster.DataDirectory);

        var instance = await new LocalPostgresCluster(alias).EnsureStartedAsync("made_at_first_open");

        Assert.Equal(running.Port, instance.Port);
        Assert.Equal(1, await ExecuteAsync(instance.ConnectionString("made_at_first_open"), "SELECT 1"));
        Assert.Equal(1, await ExecuteAsync(instance.EngineConnectionString("made_at_first_open"), "SELECT 1"));
    }

    /// <summary>The pid of a process that has just exited: as good a crash leftover as any.</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
