using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Dashboards;

/// <summary>
/// One <c>dashboards/*.yml</c> file: a page of charts over the project's models, a node of the DAG (an exposure of
/// type dashboard, as dbt's manifest calls it) that depends on every model and source its charts read.
/// </summary>
public sealed record DashboardDefinition(
    string Name,
    string Title,
    string RelativePath,
    string FilePath,
    ImmutableArray<DashboardFilter> Filters,
    ImmutableArray<ChartDefinition> Charts,
    SourceLocation Location)
{
    public string? Description { get; init; }

    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>The owner dbt's exposures require; the project's name when the file names none.</summary>
    public string? Owner { get; init; }
}
