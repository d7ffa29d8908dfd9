using System.Collections.Immutable;

namespace Engine.Orchestration.State;

/// <summary>A backfill as the state store holds it: its id, whether it was resumed, and its partitions in order.</summary>
public sealed record BackfillRecord(long Id, bool Resumed, ImmutableArray<BackfillPartition> Partitions);
