using System.Collections.Immutable;
using Cronos;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Orchestration;

/// <summary>
/// One entry of <c>schedules:</c> in pipeline.yml: when to run (a cron expression in a time zone) and what (steps
/// and/or a selection of the build), for which partition, and what to do about ticks missed while nothing ran.
/// </summary>
public sealed record ScheduleDefinition(string Name, string CronText, CronExpression Cron, TimeZoneInfo TimeZone, SourceLocation Location)
{
    /// <summary>The steps to run; empty means the project's <c>steps:</c>.</summary>
    public ImmutableArray<StepDeclaration> Steps { get; init; } = [];

    /// <summary>Selection terms for the build step, in <c>--select</c> syntax; empty selects everything.</summary>
    public ImmutableArray<string> Select { get; init; } = [];

    /// <summary>The name of the <c>partitions:</c> definition the run is partitioned by, or null.</summary>
    public string? Partitions { get; init; }

    public SchedulePartition Partition { get; init; } = SchedulePartition.None;

    public CatchUp CatchUp { get; init; } = CatchUp.Latest;

    /// <summary>How far back missed ticks are caught up; older ones are dropped so a long outage cannot start hundreds of runs.</summary>
    public TimeSpan CatchUpWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The next ticks after <paramref name="from"/>, in UTC, evaluated in the schedule's time zone (DST aware).</summary>
    public IEnumerable<DateTimeOffset> TicksAfter(DateTimeOffset from)
    {
        var next = Cron.GetNextOccurrence(from, TimeZone);
        while (next is { } tick)
        {
            yield return tick.ToUniversalTime();
            next = Cron.GetNextOccurrence(tick, TimeZone);
        }
    }
}
