using Npgsql;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>A running local cluster, as returned by <see cref="LocalPostgresCluster.EnsureStartedAsync(CancellationToken)"/>.</summary>
public sealed record LocalPostgresInstance(string Host, int Port, string User, string DataDirectory)
{
    /// <summary>The superuser initdb creates; local connections trust it, so there is no password.</summary>
    public const string Superuser = "postgres";

    public const string LoopbackHost = "127.0.0.1";

    public string ConnectionString(string database = "postgres") => Builder(database).ConnectionString;

    /// <summary>The string every engine connection to <paramref name="database"/> uses (<see cref="PostgresConnectionString.ForEngine"/>).</summary>
    public string EngineConnectionString(string database) => PostgresConnectionString.ForEngine(ConnectionString(database));

    /// <summary>Creates <paramref name="name"/> unless it exists; safe when two commands race to create it.</summary>
    public Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        PostgresDatabases.EnsureAsync(AdministrationConnectionString(), name, cancellationToken);

    /// <summary>
    /// Unpooled, for the engine's own short checks: a pooled idle connection would outlive a stop and
    /// keep a database busy (DROP DATABASE waits for it). They use built-in types only, so no type query.
    /// </summary>
    internal string AdministrationConnectionString(int timeoutSeconds = 15)
    {
        var builder = Builder("postgres");
        builder.Pooling = false;
        builder.Timeout = timeoutSeconds;
        return PostgresConnectionString.WithoutTypeLoading(builder.ConnectionString);
    }

    private NpgsqlConnectionStringBuilder Builder(string database) => new()
    {
        Host = Host,
        Port = Port,
        Username = User,
        Database = database,
    };
}
