using System.Collections.Immutable;
using Engine.Core.Project.Orchestration;

namespace Engine.Orchestration.Schedules;

/// <summary>
/// Which ticks of a schedule run at a daemon tick, from the last evaluated tick (the cursor) and now:
/// <list type="bullet">
/// <item><c>none</c>: only a tick that is on time (at most <see cref="OnTime"/> old, a daemon's polling delay); missed ones are dropped.</item>
/// <item><c>latest</c>: the newest due tick, if within the schedule's <c>catch_up_window</c>.</item>
/// <item><c>all</c>: every due tick within the window, oldest first, at most <see cref="MaxRunsPerTick"/>.</item>
/// </list>
/// </summary>
public static class ScheduleEvaluator
{
    public static readonly TimeSpan OnTime = TimeSpan.FromMinutes(5);

    /// <summary>The bound on catch-up runs one tick starts, so a long outage of a minutely schedule cannot queue thousands.</summary>
    public const int MaxRunsPerTick = 100;

    public static ScheduleDecision Evaluate(ScheduleDefinition schedule, DateTimeOffset? cursor, DateTimeOffset now)
    {
        var next = schedule.TicksAfter(now).FirstOrDefault();
        DateTimeOffset? nextTick = next == default ? null : next;
        if (cursor is not { } from)
        {
            return new ScheduleDecision(schedule, [], [], now, nextTick) { FirstEvaluation = true };
        }

        var due = schedule.TicksAfter(from).TakeWhile(t => t <= now).Take(10_000).ToImmutableArray();
        var inWindow = due.Where(t => now - t <= schedule.CatchUpWindow);
        ImmutableArray<DateTimeOffset> run = schedule.CatchUp switch
        {
            CatchUp.None => [.. due.TakeLast(1).Where(t => now - t <= OnTime)],
            CatchUp.Latest => [.. inWindow.TakeLast(1)],
            _ => [.. inWindow.TakeLast(MaxRunsPerTick)],
        };
        return new ScheduleDecision(schedule, due, run, now, nextTick);
    }
}
