using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>The slot of a source and what the warehouse has applied; <paramref name="LagWarning"/> when an inactive slot holds back too much WAL.</summary>
public sealed record CdcStatus(CdcSettings Settings, SlotInfo? Slot, CdcCheckpoint? Checkpoint, string? LagWarning);
