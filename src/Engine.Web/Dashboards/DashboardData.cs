using System.Collections.Immutable;
using Engine.Core.Compilation.Dashboards;

namespace Engine.Web.Dashboards;

/// <summary>What a dashboard shows for one choice of filter values: each chart's rows and each filter's options.</summary>
public sealed record DashboardData(
    CompiledDashboard Dashboard,
    ImmutableDictionary<string, ChartData> Charts,
    ImmutableDictionary<string, ImmutableArray<(string Value, string Label)>> Options);
