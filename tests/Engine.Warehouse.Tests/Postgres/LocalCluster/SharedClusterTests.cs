using System.Globalization;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres.LocalCluster;

/// <summary>The settings the engine relies on, read from the shared cluster the fixture started.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedClusterTests(PostgresFixture fixture)
{
    [Fact]
    public async Task WalLevelIsLogical() =>
        Assert.Equal("logical", await ShowAsync(fixture.Instance, "wal_level"));

    [Fact]
    public async Task MaxReplicationSlotsIsAtLeastTen() =>
        Assert.True(int.Parse(await ShowAsync(fixture.Instance, "max_replication_slots"), CultureInfo.InvariantCulture) >= 10);

    [Fact]
    public async Task ListensOnLoopbackOnly()
    {
        Assert.Equal("127.0.0.1", await ShowAsync(fixture.Instance, "listen_addresses"));
        Assert.Equal(string.Empty, await ShowAsync(fixture.Instance, "unix_socket_directories"));
    }

    [Fact]
    public async Task SecondStartOnSameFolderReusesRunningServer()
    {
        var startedAt = await ScalarAsync<DateTime>(fixture.Instance, "SELECT pg_postmaster_start_time()");

        var again = await new LocalPostgresCluster(fixture.Cluster.DataDirectory).EnsureStartedAsync();

        Assert.Equal(fixture.Instance.Port, again.Port);
        Assert.Equal(startedAt, await ScalarAsync<DateTime>(again, "SELECT pg_postmaster_start_time()"));
    }

    [Fact]
    public async Task StatusReportsTheRunningServer()
    {
        var status = await fixture.Cluster.GetStatusAsync();

        Assert.True(status.IsInitialized);
        Assert.True(status.IsRunning);
        Assert.Equal(fixture.Instance.Port, status.Instance!.Port);
    }

    [Fact]
    public async Task EnsureDatabaseCreatesOnceAndQuotesTheName()
    {
        const string name = "Odd \"name\"";
        await fixture.Instance.EnsureDatabaseAsync(name);
        await fixture.Instance.EnsureDatabaseAsync(name);

        Assert.Equal(name, await ScalarAsync<string>(fixture.Instance, "SELECT current_database()", name));
    }

    [Fact]
    public async Task SchemaHelperPutsTheSchemaOnTheSearchPath()
    {
        var schema = await fixture.CreateSchemaAsync("Shared Cluster");

        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_schema()", connection);

        Assert.Equal(schema.Name, await command.ExecuteScalarAsync());
    }

    private static async Task<string> ShowAsync(LocalPostgresInstance instance, string setting) =>
        await ScalarAsync<string>(instance, $"SHOW {setting}");

    private static async Task<T> ScalarAsync<T>(LocalPostgresInstance instance, string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(instance.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
