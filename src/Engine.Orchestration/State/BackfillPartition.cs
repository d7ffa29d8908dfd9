namespace Engine.Orchestration.State;

/// <summary>
/// One partition of a backfill in the state store: <c>pending</c>, <c>running</c> (claimed by <see cref="RunId"/>),
/// <c>succeeded</c>, <c>failed</c> (its run failed or was abandoned; done again on resume) or <c>skipped</c>
/// (<c>--missing-only</c> found it filled).
/// </summary>
public sealed record BackfillPartition(string Key, string Status, long? RunId, int Attempts)
{
    public bool Done => Status is "succeeded" or "skipped";
}
