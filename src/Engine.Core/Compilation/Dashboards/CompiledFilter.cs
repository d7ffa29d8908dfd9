using Engine.Core.Project.Dashboards;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>A filter with its options query compiled (null when it takes free input).</summary>
public sealed record CompiledFilter(DashboardFilter Filter, string? OptionsSql);
