using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

public sealed record SourceTableDefinition(string SourceName, string Name, string Identifier, SourceLocation Location)
{
    public string? Description { get; init; }
    public string? LoadedAtField { get; init; }
    public FreshnessPolicy? Freshness { get; init; }

    /// <summary>dbt's <c>config: event_time</c> (the table's, else its source's): a microbatch model reads the table in its window only.</summary>
    public string? EventTime { get; init; }
    public ImmutableArray<ColumnDefinition> Columns { get; init; } = [];
    public ImmutableArray<GenericTestDefinition> Tests { get; init; } = [];

    /// <summary>The key columns CDC applies updates and deletes by; empty when not declared.</summary>
    public ImmutableArray<string> PrimaryKey { get; init; } = [];

    public ImmutableDictionary<string, object?> Meta { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
