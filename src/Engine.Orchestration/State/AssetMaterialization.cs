namespace Engine.Orchestration.State;

/// <summary>
/// The last materialization of one asset (a model's relation, or a source's tables after a sync) for one partition
/// (<see cref="PartitionKey"/> empty when unpartitioned).
/// </summary>
public sealed record AssetMaterialization(string Asset, string PartitionKey, long RunId, string Status, DateTimeOffset MaterializedAt)
{
    public long? Rows { get; init; }

    /// <summary>When the asset last succeeded, which may be before a later failed attempt.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }
}
