namespace Engine.Core.Project.Orchestration;

/// <summary>How long one partition of a time-partitions definition is (Dagster's Hourly/Daily/Weekly/Monthly).</summary>
public enum PartitionGrain
{
    Hourly,
    Daily,
    Weekly,
    Monthly,
}
