using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;
using Xunit;

namespace Engine.TestSupport;

/// <summary>
/// One throwaway cluster for a whole test assembly, started through the engine's own
/// <see cref="LocalPostgresCluster"/>. Tests isolate themselves with <see cref="CreateSchemaAsync"/>
/// (cheap) or <see cref="CreateDatabaseAsync"/> (when they need a whole database, e.g. for replication).
/// Use it through a <c>[CollectionDefinition]</c> in the test assembly; xUnit does not look for them elsewhere.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The database <see cref="CreateSchemaAsync"/> puts its schemas in.</summary>
    public const string TestDatabase = "engine_tests";

    private readonly TemporaryCluster _temporary = new();
    private LocalPostgresInstance? _instance;

    public LocalPostgresCluster Cluster => _temporary.Cluster;

    public LocalPostgresInstance Instance =>
        _instance ?? throw new InvalidOperationException("the cluster has not been started; xUnit calls InitializeAsync first");

    public async Task InitializeAsync()
    {
        _instance = await Cluster.EnsureStartedAsync();
        await _instance.EnsureDatabaseAsync(TestDatabase);
    }

    public async Task DisposeAsync() => await _temporary.DisposeAsync();

    /// <summary>
    /// Closes the idle pooled connections of a database made with <see cref="CreateDatabaseAsync"/>: each has a pool of its
    /// own, whose idle connections would otherwise stay for minutes and, over a suite, fill the server's max_connections.
    /// </summary>
    public static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>Creates a database with a unique name starting with <paramref name="prefix"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = UniqueName(prefix);
        await Instance.EnsureDatabaseAsync(name);
        return Instance.ConnectionString(name);
    }

    /// <summary>Creates a schema with a unique name in <see cref="TestDatabase"/>, first on the connection's search path.</summary>
    public async Task<TestSchema> CreateSchemaAsync(string prefix = "test")
    {
        var name = UniqueName(prefix);
        var builder = new NpgsqlConnectionStringBuilder(Instance.ConnectionString(TestDatabase)) { SearchPath = name };
        await using var connection = new NpgsqlConnection(Instance.ConnectionString(TestDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new TestSchema(name, builder.ConnectionString);
    }

    /// <summary>
    /// A letter first, lower case and at most 63 bytes (30 of prefix, "_", 32 hex digits), so the name needs
    /// no quoting and PostgreSQL does not truncate it.
    /// </summary>
    private static string UniqueName(string prefix)
    {
        var safe = new string(prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(30).ToArray());
        if (safe.Length == 0 || !char.IsAsciiLetter(safe[0]))
        {
            safe = "t" + safe[..Math.Min(safe.Length, 29)];
        }

        return $"{safe}_{Guid.NewGuid():N}";
    }
}
