using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>pipeline.yml: the project name, targets, folder defaults and variables.</summary>
public sealed record ProjectConfig(
    string Name,
    string DefaultTarget,
    ImmutableDictionary<string, TargetConfig> Targets,
    FolderConfig Models,
    FolderConfig Seeds,
    ImmutableDictionary<string, object?> Vars,
    SourceLocation Location)
{
    /// <summary>Keys kept for the orchestration issues (steps, partitions, schedules, freshness), as plain values.</summary>
    public ImmutableDictionary<string, object?> Orchestration { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
