using Engine.Core.Graph;

namespace Engine.Core.Compilation;

/// <summary>A node's SQL exactly as it will run (ephemeral CTEs injected), and where it was written.</summary>
public sealed record CompiledNode(GraphNode Node, string Sql)
{
    /// <summary>Path of the compiled file, relative to the project directory.</summary>
    public string? CompiledPath { get; init; }
}
