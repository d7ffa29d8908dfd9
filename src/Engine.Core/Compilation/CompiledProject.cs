using System.Collections.Immutable;
using Engine.Core.Compilation.Dashboards;

namespace Engine.Core.Compilation;

/// <summary>The compile pass's output: each selected node's final SQL, in DAG order.</summary>
public sealed record CompiledProject(ParsedProject Parsed, ImmutableArray<CompiledNode> Nodes)
{
    /// <summary>The selected dashboards with their queries compiled.</summary>
    public ImmutableArray<CompiledDashboard> Dashboards { get; init; } = [];
}
