using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// A source in sources.yml. Extraction and CDC keys (<c>extract</c>, <c>staging</c>, <c>cdc</c>) are kept as plain
/// values for the connectors to interpret.
/// </summary>
public sealed record SourceDefinition(
    string Name,
    string? Database,
    string Schema,
    ImmutableArray<SourceTableDefinition> Tables,
    SourceLocation Location)
{
    public string? Description { get; init; }
    public string? LoadedAtField { get; init; }
    public FreshnessPolicy? Freshness { get; init; }
    public ImmutableDictionary<string, object?> Connector { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
