using System.Collections.Immutable;

namespace Engine.Orchestration.Status;

/// <summary><c>engine status</c>: every asset, and every schedule with its next tick, at <see cref="At"/>.</summary>
public sealed record ProjectStatus(DateTimeOffset At, ImmutableArray<AssetStatus> Assets, ImmutableArray<ScheduleStatus> Schedules);
