using Engine.Core.Compilation;
using Engine.Core.Graph;

namespace Engine.Runtime.Execution;

/// <summary>One node the build executes, with the units it waits for (its DAG parents and their blocking tests).</summary>
public sealed class BuildUnit
{
    public BuildUnit(CompiledNode? compiled, GraphNode node, int order)
    {
        Compiled = compiled;
        Node = node;
        Order = order;
    }

    public CompiledNode? Compiled { get; }

    public GraphNode Node { get; }

    /// <summary>Position in topological order; among ready units, tests go first, then lower order.</summary>
    public int Order { get; }

    public HashSet<BuildUnit> Upstream { get; } = [];

    public HashSet<BuildUnit> Downstream { get; } = [];

    public override string ToString() => Node.UniqueId;
}
