namespace Engine.Core.Project.Orchestration;

/// <summary>Which partition a schedule's run processes.</summary>
public enum SchedulePartition
{
    /// <summary>The run is not partitioned.</summary>
    None,

    /// <summary>The last partition that closed at the tick (the day before a midnight tick), as Dagster's partitioned schedules do.</summary>
    Previous,

    /// <summary>The partition the tick falls in (still open).</summary>
    Current,
}
