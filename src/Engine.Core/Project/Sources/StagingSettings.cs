using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Sources;

/// <summary>The <c>staging:</c> block of a source: the database extraction loads and CDC replicates from.</summary>
public sealed record StagingSettings(string Database, SourceLocation Location)
{
    /// <summary>The schema of the staged tables; null means the connector's default.</summary>
    public string? Schema { get; init; }
}
