namespace Engine.Warehouse.Cdc;

/// <summary>
/// What the warehouse has applied for a replication slot: every source transaction whose commit ends at or before
/// <paramref name="Position"/>. Written in the same warehouse transaction as the rows it covers.
/// </summary>
public sealed record CdcCheckpoint(string Slot, CdcPosition Position, CdcPosition SnapshotPosition, DateTime SnapshotTakenAtUtc);
