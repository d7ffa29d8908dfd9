using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Project.Sources;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// The PostgreSQL server a project talks to: the target's host when pipeline.yml names one, otherwise the
/// engine's managed local cluster (started on first use). Staging, warehouse and CDC all reach their
/// databases through this one place, so a connection string is never assembled twice.
/// </summary>
public sealed class PostgresServer
{
    private readonly TargetConfig _target;
    private readonly WarehouseEnvironment _environment;

    private PostgresServer(TargetConfig target, WarehouseEnvironment environment)
    {
        _target = target;
        _environment = environment;
    }

    public static PostgresServer For(TargetConfig target, WarehouseEnvironment environment)
    {
        if (target.Type != PostgresAdapter.TypeName)
        {
            throw new ProjectException(
                DiagnosticCodes.UnsupportedByDialect,
                $"target '{target.Name}' is of type '{target.Type}'; this command needs a postgres target",
                target.Location);
        }

        return new PostgresServer(target, environment);
    }

    /// <summary>
    /// The server of a source's staging database: the one its <c>staging:</c> block names (host, port, user, password), else
    /// the target's server when the target is PostgreSQL, else the managed local cluster, so a Snowflake target still
    /// extracts and replicates from a PostgreSQL staging database.
    /// </summary>
    public static PostgresServer ForStaging(StagingSettings? staging, TargetConfig target, WarehouseEnvironment environment)
    {
        if (staging?.Host is null && target.Type == PostgresAdapter.TypeName)
        {
            return For(target, environment);
        }

        var location = staging?.Location ?? target.Location;
        var settings = new Dictionary<string, string?>
        {
            ["host"] = staging?.Host,
            ["port"] = staging?.Port,
            ["user"] = staging?.User,
            ["password"] = staging?.Password,
        };
        var server = new TargetConfig("staging", PostgresAdapter.TypeName, location)
        {
            Database = staging?.Database,
            Settings = settings.Where(s => s.Value is not null).ToImmutableDictionary(s => s.Key, s => new TargetSetting(s.Value!, location)),
        };
        return new PostgresServer(server, environment);
    }

    public bool IsManaged => PostgresAdapter.IsManagedLocal(_target);

    /// <summary>The warehouse database of the target (its <c>database</c>, or <c>warehouse</c> by default).</summary>
    public string WarehouseDatabase => _target.Database ?? "warehouse";

    /// <summary>
    /// The engine's connection string to <paramref name="database"/> on this server (<see cref="PostgresConnectionString.ForEngine"/>:
    /// every user of a database shares it, so one pool and one type load). On the managed cluster the database is
    /// created when missing.
    /// </summary>
    public async Task<string> ConnectionStringAsync(string database, CancellationToken cancellationToken = default)
    {
        if (IsManaged)
        {
            var instance = await LocalClusterFor(_environment.EngineHome).EnsureStartedAsync(database, cancellationToken).ConfigureAwait(false);
            return instance.EngineConnectionString(database);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Resolve(_target.Setting("host"), "host"),
            Database = database,
            Username = Resolve(_target.Setting("user"), "user"),
            Password = Resolve(_target.Setting("password"), "password"),
        };
        if (Resolve(_target.Setting("port"), "port") is { } port)
        {
            builder.Port = int.TryParse(port, out var number)
                ? number
                : throw Error($"port '{port}' of target '{_target.Name}' is not a number");
        }

        if (Resolve(_target.Setting("sslmode"), "sslmode") is { } ssl)
        {
            builder.SslMode = Enum.TryParse<SslMode>(ssl, ignoreCase: true, out var mode)
                ? mode
                : throw Error($"sslmode '{ssl}' of target '{_target.Name}' is not one of disable, prefer, require, verify-ca, verify-full");
        }

        return PostgresConnectionString.ForEngine(builder.ConnectionString);
    }

    /// <summary>The managed cluster kept in the engine's state folder (<c>.engine/postgres</c>).</summary>
    public static LocalPostgresCluster LocalClusterFor(string engineHome) => new(Path.Combine(engineHome, "postgres"));

    /// <summary>Replaces each <c>${NAME}</c> with its setting; the value itself is never put in a message.</summary>
    private string? Resolve(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        var result = value;
        var start = result.IndexOf("${", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = result.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            var name = result[(start + 2)..end];
            var setting = _environment.Setting(name)
                ?? throw Error($"{field} of target '{_target.Name}' refers to ${{{name}}}, which is not set in the environment or .env");
            result = string.Concat(result.AsSpan(0, start), setting, result.AsSpan(end + 1));
            start = result.IndexOf("${", start + setting.Length, StringComparison.Ordinal);
        }

        return result;
    }

    private ProjectException Error(string message) =>
        new(DiagnosticCodes.UnknownTarget, message, _target.Location);
}
