using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Sources;

/// <summary>
/// The <c>cdc:</c> block of a source: the publication and replication slot that stream its staging tables into the
/// warehouse. A setting left out is null, so the CDC connector applies its own default.
/// </summary>
public sealed record CdcSourceSettings(string Publication, string Slot, SourceLocation Location)
{
    /// <summary>How often a following sync writes a heartbeat so the slot advances while captured tables are quiet.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>An inactive slot holding back more WAL than this is reported as a warning.</summary>
    public long? MaxLagWarningBytes { get; init; }

    /// <summary>Changes per warehouse transaction at most.</summary>
    public int? BatchSize { get; init; }
}
