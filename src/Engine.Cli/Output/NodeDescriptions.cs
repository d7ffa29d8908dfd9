using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Cli.Output;

/// <summary>How a node is named on its result line: <c>sql table model dwh.dim_date</c>, <c>test unique_x_id</c>.</summary>
public static class NodeDescriptions
{
    public static string Describe(GraphNode node) => node.Type switch
    {
        ResourceType.Test => $"test {node.Name}",
        ResourceType.Seed => $"seed file {Relation(node)}",
        ResourceType.Snapshot => $"snapshot {Relation(node)}",
        ResourceType.Exposure => $"dashboard {node.Name}",
        ResourceType.Analysis => $"analysis {node.Name}",
        _ => $"sql {node.Materialized} model {Relation(node)}",
    };

    private static string Relation(GraphNode node) => node.Relation is { } r ? $"{r.Schema}.{r.Identifier}" : node.Name;
}
