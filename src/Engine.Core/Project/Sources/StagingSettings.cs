using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Sources;

/// <summary>
/// The <c>staging:</c> block of a source: the PostgreSQL database extraction loads and CDC replicates from, and, when it
/// is not the engine's own, the server it lives on (<c>host</c>, <c>port</c>, <c>user</c>, <c>password</c> as a
/// <c>${NAME}</c> reference). Without a host, staging is on the target's server when the target is PostgreSQL, else on the
/// managed local cluster.
/// </summary>
public sealed record StagingSettings(string Database, SourceLocation Location)
{
    /// <summary>The schema of the staged tables; null means the connector's default.</summary>
    public string? Schema { get; init; }

    public string? Host { get; init; }

    public string? Port { get; init; }

    public string? User { get; init; }

    /// <summary>A <c>${NAME}</c> reference, never the password itself.</summary>
    public string? Password { get; init; }
}
