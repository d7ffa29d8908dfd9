using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Orchestration;

/// <summary>
/// A named time-partitions definition of <c>partitions:</c> in pipeline.yml, with Dagster's semantics: partitions of
/// <see cref="Grain"/> from <see cref="Start"/> (a wall-clock time in <see cref="TimeZone"/>); the last one ends
/// before now, shifted by <see cref="EndOffset"/> partitions (positive includes the partition in progress).
/// </summary>
public sealed record PartitionsDefinition(
    string Name,
    PartitionGrain Grain,
    DateTime Start,
    TimeZoneInfo TimeZone,
    int EndOffset,
    SourceLocation Location);
