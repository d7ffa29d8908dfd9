using System.Collections.Immutable;

namespace Engine.Orchestration.State;

/// <summary>What a run is asked to do, recorded when it starts.</summary>
public sealed record RunStart(RunTrigger Trigger, string Command)
{
    public ImmutableArray<string> Steps { get; init; } = [];

    public ImmutableArray<string> PartitionKeys { get; init; } = [];

    /// <summary>The schedule that fired the run, for <see cref="RunTrigger.Schedule"/>.</summary>
    public string? Schedule { get; init; }

    /// <summary>The backfill whose partitions (<see cref="PartitionKeys"/>) the run processes, for <see cref="RunTrigger.Backfill"/>.</summary>
    public long? BackfillId { get; init; }
}
