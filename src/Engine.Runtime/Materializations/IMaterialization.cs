using Engine.Runtime.Execution;

namespace Engine.Runtime.Materializations;

/// <summary>Builds one node in the warehouse; returns the sentence shown on its result line.</summary>
public interface IMaterialization
{
    Task<string> BuildAsync(NodeContext context);
}
