using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>A CSV file in seeds/, loaded into a table of the same name.</summary>
public sealed record SeedDefinition(
    string Name,
    string RelativePath,
    string FilePath,
    ImmutableArray<string> Fqn,
    ModelConfig Config,
    SourceLocation Location)
{
    public string? Description { get; init; }
    public ImmutableArray<ColumnDefinition> Columns { get; init; } = [];
    public ImmutableArray<GenericTestDefinition> Tests { get; init; } = [];
}
