using System.Collections.Immutable;
using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>What a sync did: the snapshot (when one was taken), the changes applied, and the LSN range covered.</summary>
public sealed record CdcSummary(
    string Source,
    string Slot,
    ImmutableArray<string> Tables,
    long SnapshotRows,
    CdcApplyCounts Applied,
    long Transactions,
    ulong FromLsn,
    ulong ToLsn)
{
    public bool SnapshotTaken { get; init; }

    /// <summary>True when the changes came as their types' binary forms and reached the warehouse as they came.</summary>
    public bool BinaryValues { get; init; }

    public ImmutableArray<string> Warnings { get; init; } = [];
}
