using System.Collections.Immutable;

namespace Engine.Runtime.Execution;

/// <summary>A finished build: every node's result and the totals the summary line shows.</summary>
public sealed record BuildOutcome(IReadOnlyList<NodeResult> Results, TimeSpan Elapsed)
{
    public int Count(NodeStatus status) => Results.Count(r => r.Status == status);

    public bool Failed => Results.Any(r => r.Status is NodeStatus.Error or NodeStatus.Fail);

    public bool BadInput => Results.Any(r => r.BadInput);

    /// <summary>Rows of each relation built, when <see cref="BuildOptions.CountRows"/> asked for them.</summary>
    public ImmutableArray<RelationRowCount> RowCounts { get; init; } = [];
}
