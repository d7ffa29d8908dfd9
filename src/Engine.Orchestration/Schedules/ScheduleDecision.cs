using System.Collections.Immutable;
using Engine.Core.Project.Orchestration;

namespace Engine.Orchestration.Schedules;

/// <summary>
/// One schedule at one daemon tick: the ticks due since the last evaluation, the ones to run (after catch-up), the
/// new cursor, and the next tick. <see cref="FirstEvaluation"/>: the schedule had no cursor, so nothing runs and the
/// cursor starts at now (a new schedule does not replay its past).
/// </summary>
public sealed record ScheduleDecision(ScheduleDefinition Schedule, ImmutableArray<DateTimeOffset> Due, ImmutableArray<DateTimeOffset> ToRun, DateTimeOffset Cursor, DateTimeOffset? NextTick)
{
    public bool FirstEvaluation { get; init; }

    public int Dropped => Due.Length - ToRun.Length;
}
