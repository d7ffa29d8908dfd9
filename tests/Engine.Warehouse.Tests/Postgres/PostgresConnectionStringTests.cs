using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Postgres;
using Npgsql;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres;

/// <summary>
/// Npgsql loads a server's types once per distinct connection string, so every engine user of a database must arrive at
/// the same one: what the server hands out, and what the warehouse, state store and sink derive from it again.
/// </summary>
public sealed class PostgresConnectionStringTests
{
    private static readonly WarehouseEnvironment Environment = new("/p", "/p/.engine", name => name == "PG_PASSWORD" ? "s3cret" : null);

    [Fact]
    public async Task The_servers_string_for_a_database_is_the_engines_own_and_deriving_it_again_changes_nothing()
    {
        var target = new TargetConfig("prod", "postgres", new SourceLocation("/p/pipeline.yml", 9, 3))
        {
            Settings = new Dictionary<string, TargetSetting>
            {
                ["host"] = new("db.example.com", new SourceLocation("/p/pipeline.yml", 10, 5)),
                ["user"] = new("engine", new SourceLocation("/p/pipeline.yml", 11, 5)),
                ["password"] = new("${PG_PASSWORD}", new SourceLocation("/p/pipeline.yml", 12, 5)),
            }.ToImmutableDictionary(StringComparer.Ordinal),
        };

        var handedOut = await PostgresServer.For(target, Environment).ConnectionStringAsync("warehouse");

        Assert.Equal(handedOut, PostgresConnectionString.ForEngine(handedOut));
        var settings = new NpgsqlConnectionStringBuilder(handedOut);
        Assert.Equal(("warehouse", "engine", "UTC"), (settings.Database, settings.ApplicationName, settings.Timezone));
    }

    [Fact]
    public void A_connection_for_built_in_types_only_differs_from_the_engines_by_that_alone()
    {
        var engine = PostgresConnectionString.ForEngine("Host=127.0.0.1;Port=5432;Username=postgres;Database=strava");

        var plain = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithoutTypeLoading(engine));
#pragma warning disable CS0618
        Assert.Equal(ServerCompatibilityMode.NoTypeLoading, plain.ServerCompatibilityMode);
#pragma warning restore CS0618
        plain.Remove("Server Compatibility Mode");
        Assert.True(plain.EquivalentTo(new NpgsqlConnectionStringBuilder(engine)));
    }
}
