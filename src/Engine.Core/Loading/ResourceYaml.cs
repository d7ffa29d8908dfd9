using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>What one entry of a models/**/*.yml file says about a model, seed or snapshot.</summary>
public sealed record ResourceYaml(
    string Name,
    string Section,
    string? Description,
    ModelConfig Config,
    ImmutableArray<ColumnDefinition> Columns,
    ImmutableArray<GenericTestDefinition> Tests,
    SourceLocation Location)
{
    /// <summary>The entry's own <c>constraints:</c> (over several columns, or checks).</summary>
    public ImmutableArray<ModelConstraint> Constraints { get; init; } = [];
}
