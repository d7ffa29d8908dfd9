using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;

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
    /// <summary>Steps of <c>engine run</c>, and the keys the orchestration issue will model.</summary>
    public OrchestrationConfig Orchestration { get; init; } = OrchestrationConfig.Empty;
}
