using System.Collections.Immutable;
using Engine.Core.Project.Dashboards;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>A dashboard ready to query: every chart's and filter's SQL as the warehouse will run it.</summary>
public sealed record CompiledDashboard(
    DashboardDefinition Definition,
    string UniqueId,
    ImmutableArray<string> DependsOn,
    ImmutableArray<CompiledFilter> Filters,
    ImmutableArray<CompiledChart> Charts);
