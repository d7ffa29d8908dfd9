using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Runtime.Configuration;
using Engine.Runtime.LocalPostgres;
using Npgsql;

namespace Engine.Runtime.Connections;

/// <summary>
/// The PostgreSQL server a project talks to: the target's host when pipeline.yml names one, otherwise the
/// engine's managed local cluster (started on first use). Staging, warehouse and CDC all reach their
/// databases through this one place, so a connection string is never assembled twice.
/// </summary>
public sealed class PostgresServer
{
    private readonly TargetConfig _target;
    private readonly string _projectDirectory;
    private readonly EngineSettings _settings;

    private PostgresServer(TargetConfig target, string projectDirectory)
    {
        _target = target;
        _projectDirectory = projectDirectory;
        _settings = EngineSettings.ForProject(projectDirectory);
    }

    public static PostgresServer For(TargetConfig target, string projectDirectory)
    {
        if (target.Type != "postgres")
        {
            throw new ProjectException(
                DiagnosticCodes.UnsupportedByDialect,
                $"target '{target.Name}' is of type '{target.Type}'; this command needs a postgres target",
                target.Location);
        }

        return new PostgresServer(target, projectDirectory);
    }

    public bool IsManaged => _target.IsManagedLocalPostgres;

    /// <summary>The warehouse database of the target (its <c>database</c>, or <c>warehouse</c> by default).</summary>
    public string WarehouseDatabase => _target.Database ?? "warehouse";

    /// <summary>
    /// A connection string to <paramref name="database"/> on this server. On the managed cluster the
    /// database is created when missing.
    /// </summary>
    public async Task<string> ConnectionStringAsync(string database, CancellationToken cancellationToken = default)
    {
        if (IsManaged)
        {
            var instance = await LocalClusterFor(_projectDirectory).EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            await instance.EnsureDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            return instance.ConnectionString(database);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Resolve(_target.Host, "host"),
            Database = database,
            Username = Resolve(_target.User, "user"),
            Password = Resolve(_target.Password, "password"),
        };
        if (Resolve(_target.Port, "port") is { } port)
        {
            builder.Port = int.TryParse(port, out var number)
                ? number
                : throw Error($"port '{port}' of target '{_target.Name}' is not a number");
        }

        if (Resolve(_target.SslMode, "sslmode") is { } ssl)
        {
            builder.SslMode = Enum.TryParse<SslMode>(ssl, ignoreCase: true, out var mode)
                ? mode
                : throw Error($"sslmode '{ssl}' of target '{_target.Name}' is not one of disable, prefer, require, verify-ca, verify-full");
        }

        return builder.ConnectionString;
    }

    /// <summary>The managed cluster of a project: <c>.engine/postgres</c> beside the project folder, or under ENGINE_HOME.</summary>
    public static LocalPostgresCluster LocalClusterFor(string projectDirectory) =>
        new(Path.Combine(WorkspacePaths.EngineHome(projectDirectory), "postgres"));

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
            var setting = _settings.Get(name)
                ?? throw Error($"{field} of target '{_target.Name}' refers to ${{{name}}}, which is not set in the environment or .env");
            result = string.Concat(result.AsSpan(0, start), setting, result.AsSpan(end + 1));
            start = result.IndexOf("${", start + setting.Length, StringComparison.Ordinal);
        }

        return result;
    }

    private ProjectException Error(string message) =>
        new(DiagnosticCodes.UnknownTarget, message, _target.Location);
}
