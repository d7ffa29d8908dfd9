using Engine.Orchestration.Pipeline;

namespace Engine.Orchestration.Daemon;

/// <summary>A run a schedule's tick started, with the partition it processed (null when unpartitioned).</summary>
public sealed record ScheduledRun(string Schedule, DateTimeOffset Tick, string? PartitionKey, PipelineOutcome Outcome);
