using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>Databases on a PostgreSQL server: created on first use, by the managed cluster and on any other server.</summary>
public static class PostgresDatabases
{
    /// <summary>
    /// Creates <paramref name="name"/> unless it exists, connecting through <paramref name="maintenanceConnectionString"/>
    /// (a database that always exists, such as <c>postgres</c>); safe when two commands race to create it.
    /// </summary>
    public static async Task EnsureAsync(string maintenanceConnectionString, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var connection = new NpgsqlConnection(PostgresConnectionString.WithoutTypeLoading(maintenanceConnectionString));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresDialect.QuoteExact(name)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase ||
            (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pg_database_datname_index"))
        {
            // Another command created it between the check and here (committed before this one began: a duplicate; while
            // it ran: the catalog's unique index): the goal is met.
        }
    }
}
