using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

public sealed record SourceTableDefinition(string SourceName, string Name, string Identifier, SourceLocation Location)
{
    public string? Description { get; init; }
    public string? LoadedAtField { get; init; }
    public FreshnessPolicy? Freshness { get; init; }
    public ImmutableArray<ColumnDefinition> Columns { get; init; } = [];
    public ImmutableArray<GenericTestDefinition> Tests { get; init; } = [];
    public ImmutableDictionary<string, object?> Connector { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
