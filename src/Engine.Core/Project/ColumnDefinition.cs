using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

public sealed record ColumnDefinition(
    string Name,
    string? Description,
    string? DataType,
    ImmutableArray<GenericTestDefinition> Tests,
    SourceLocation Location)
{
    /// <summary>The column's <c>constraints:</c>, each naming this column.</summary>
    public ImmutableArray<ModelConstraint> Constraints { get; init; } = [];

    public ImmutableArray<string> Tags { get; init; } = [];

    public ImmutableDictionary<string, object?> Meta { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
