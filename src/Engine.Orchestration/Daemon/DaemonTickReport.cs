using System.Collections.Immutable;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.Schedules;

namespace Engine.Orchestration.Daemon;

/// <summary>What one daemon tick decided and did: each schedule's decision, the runs started, and the freshness of sources and models after them.</summary>
public sealed record DaemonTickReport(
    DateTimeOffset At,
    ImmutableArray<ScheduleDecision> Schedules,
    ImmutableArray<ScheduledRun> Runs,
    ImmutableArray<FreshnessResult> Freshness)
{
    public bool Succeeded => Runs.All(r => r.Outcome.Succeeded);
}
