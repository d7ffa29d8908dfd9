namespace Engine.Orchestration.Backfills;

/// <summary>Where a backfill is: partitions done of the total (earlier attempts included), and the time left at this pace.</summary>
public sealed record BackfillProgress(int Done, int Total, int Run, int Runs, string Range, TimeSpan Elapsed, TimeSpan? Eta);
