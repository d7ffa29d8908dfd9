using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Sources;

namespace Engine.Core.Project;

/// <summary>
/// A source in sources.yml, with its extraction, staging and CDC settings parsed and validated at load, so the
/// connectors read these records and never the YAML again.
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
    public ExtractSettings? Extract { get; init; }
    public StagingSettings? Staging { get; init; }
    public CdcSourceSettings? Cdc { get; init; }

    /// <summary>dbt's <c>loader</c> and <c>meta</c>: free-form, for documentation.</summary>
    public string? Loader { get; init; }

    public ImmutableDictionary<string, object?> Meta { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
