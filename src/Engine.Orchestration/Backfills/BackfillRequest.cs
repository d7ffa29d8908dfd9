namespace Engine.Orchestration.Backfills;

/// <summary><c>engine backfill</c>'s arguments: the partition keys of the range (both included) and how to run it.</summary>
public sealed record BackfillRequest(string From, string To)
{
    /// <summary>The <c>partitions:</c> definition the keys belong to; null when the project declares exactly one.</summary>
    public string? Partitions { get; init; }

    /// <summary>Skips partitions a successful run has already processed.</summary>
    public bool MissingOnly { get; init; }

    /// <summary>At most this many consecutive partitions per run; null puts each stretch of consecutive partitions in one run.</summary>
    public int? MaxPartitionsPerRun { get; init; }
}
