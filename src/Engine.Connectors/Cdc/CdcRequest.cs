using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// One sync of one source. <paramref name="SourceConnectionString"/> reaches the staging database (a replication
/// connection is derived from it); <paramref name="Sink"/> is the warehouse side, owned and disposed by the sync.
/// </summary>
public sealed record CdcRequest(CdcSettings Settings, string SourceConnectionString, Func<CancellationToken, Task<ICdcSink>> Sink)
{
    public CdcMode Mode { get; init; } = CdcMode.Drain;

    /// <summary>Drop the slot and the warehouse tables and start again from a fresh snapshot.</summary>
    public bool Reset { get; init; }
}
