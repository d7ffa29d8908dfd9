using System.Collections.Immutable;
using Engine.Core.Project.Orchestration;

namespace Engine.Orchestration.Status;

/// <summary>A schedule with its next ticks (UTC) and the last tick the daemon evaluated.</summary>
public sealed record ScheduleStatus(ScheduleDefinition Schedule, ImmutableArray<DateTimeOffset> NextTicks, DateTimeOffset? LastEvaluated);
