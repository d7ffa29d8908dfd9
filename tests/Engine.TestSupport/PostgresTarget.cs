using System.Globalization;
using System.Text;
using Npgsql;

namespace Engine.TestSupport;

/// <summary>The <c>targets:</c> block of a test's pipeline.yml: one PostgreSQL target on the database a connection string names.</summary>
public static class PostgresTarget
{
    /// <summary>The block at column 0, without a final line break, to stand on its own lines in the file.</summary>
    public static string Yaml(string connectionString, string name = "dev", string? schema = "analytics", int? threads = null)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            targets:
              {name}:
                type: postgres
                host: {server.Host}
                port: {server.Port}
                user: {server.Username}
                database: {server.Database}
            """);
        if (schema is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"\n    schema: {schema}");
        }

        if (threads is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"\n    threads: {threads}");
        }

        return yaml.ToString();
    }
}
