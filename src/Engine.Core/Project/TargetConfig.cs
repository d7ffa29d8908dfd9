using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// A warehouse connection as written in pipeline.yml. Values may hold <c>${NAME}</c> references, resolved
/// from the environment at run time so that secrets never live in YAML. A Postgres target without a host
/// means the engine's managed local cluster.
/// </summary>
public sealed record TargetConfig(string Name, string Type, SourceLocation Location)
{
    public string Schema { get; init; } = "public";
    public string? Database { get; init; }
    public int Threads { get; init; } = 4;

    // postgres
    public string? Host { get; init; }
    public string? Port { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? SslMode { get; init; }

    // snowflake
    public string? Account { get; init; }
    public string? Role { get; init; }
    public string? Warehouse { get; init; }
    public string? PrivateKeyPath { get; init; }
    public string? PrivateKeyPassphrase { get; init; }

    public bool IsManagedLocalPostgres => Type == "postgres" && string.IsNullOrWhiteSpace(Host);

    /// <summary>The target used when pipeline.yml declares none: the managed local PostgreSQL.</summary>
    public static TargetConfig DefaultLocal(string projectFile) =>
        new("dev", "postgres", SourceLocation.File(projectFile)) { Database = "warehouse" };
}
