namespace Engine.Runtime.Execution;

/// <summary>A finished build: every node's result and the totals the summary line shows.</summary>
public sealed record BuildOutcome(IReadOnlyList<NodeResult> Results, TimeSpan Elapsed)
{
    public int Count(NodeStatus status) => Results.Count(r => r.Status == status);

    public bool Failed => Results.Any(r => r.Status is NodeStatus.Error or NodeStatus.Fail);

    public bool BadInput => Results.Any(r => r.BadInput);
}
