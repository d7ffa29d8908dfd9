using Engine.Runtime.Sessions;

namespace Engine.Runtime.Execution;

/// <summary>What was asked for, recorded in the artifacts' metadata and args as dbt records them.</summary>
public sealed record RunInvocation(string Command, BuildOptions Options, SessionOptions Session, string AdapterType, DateTimeOffset GeneratedAt)
{
    public string InvocationId { get; } = Guid.NewGuid().ToString();
}
