using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// The one connection string the engine uses for a database. Npgsql loads a server's types once per distinct
/// connection string (its data source), a query of 10-30 ms, so the state store, the run's sessions, the CDC sink and
/// staging all connect to a database with the same string and share one pool and one type load per process.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Shown in <c>pg_stat_activity.application_name</c> for every engine connection.</summary>
    public const string ApplicationName = "engine";

    /// <summary>
    /// <paramref name="connectionString"/> with the engine's session settings: its application name, and UTC, so dates cut
    /// from timestamptz (days, months) never depend on the server's or the machine's time zone. Idempotent.
    /// </summary>
    public static string ForEngine(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName, Timezone = "UTC" }.ConnectionString;

    /// <summary>
    /// For the engine's own short statements on built-in types only (probes, <c>CREATE DATABASE</c>, the run lock):
    /// without the type query a connection costs a backend start and nothing else.
    /// </summary>
    /// <remarks>
    /// Npgsql prefers a data source built without type loading, but a replication connection takes a connection string
    /// only, and one key keeps every such connection alike.
    /// </remarks>
    public static string WithoutTypeLoading(string connectionString)
    {
#pragma warning disable CS0618
        return new NpgsqlConnectionStringBuilder(connectionString) { ServerCompatibilityMode = ServerCompatibilityMode.NoTypeLoading }.ConnectionString;
#pragma warning restore CS0618
    }
}
