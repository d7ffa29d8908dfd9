using System.Collections.Immutable;

namespace Engine.Orchestration.State;

/// <summary>One run of the history, as <c>engine runs</c> lists it.</summary>
public sealed record RunRecord(long Id, RunTrigger Trigger, string Command, RunStatus Status, DateTimeOffset StartedAt)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public ImmutableArray<string> Steps { get; init; } = [];

    public ImmutableArray<string> PartitionKeys { get; init; } = [];

    public string? Schedule { get; init; }

    public string? Error { get; init; }

    public string Host { get; init; } = string.Empty;

    public int ProcessId { get; init; }

    /// <summary>Each step's outcome, filled by <see cref="StateStore.GetRunAsync"/> only.</summary>
    public ImmutableArray<StepRecord> StepResults { get; init; } = [];

    /// <summary>Each node's outcome, filled by <see cref="StateStore.GetRunAsync"/> only.</summary>
    public ImmutableArray<NodeRecord> Nodes { get; init; } = [];
}
