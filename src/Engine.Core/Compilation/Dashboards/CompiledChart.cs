using System.Collections.Immutable;
using Engine.Core.Project.Dashboards;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>A chart's query with refs resolved; <paramref name="Parameters"/> are the filters it binds, by name.</summary>
public sealed record CompiledChart(ChartDefinition Chart, string Sql, ImmutableArray<DashboardFilter> Parameters);
