using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Sources;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The CDC block of one source in sources.yml, validated: staging database and schema, publication, slot, the
/// tables, and the target schema in the warehouse.
/// </summary>
public sealed record CdcSettings(
    string SourceName,
    string StagingDatabase,
    string StagingSchema,
    string Publication,
    string Slot,
    string WarehouseSchema,
    ImmutableArray<CdcTableSettings> Tables,
    SourceLocation Location)
{
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(10);

    public const long DefaultMaxLagWarningBytes = 1L << 30;

    public const int DefaultBatchSize = 20_000;

    /// <summary>The source's staging block, naming the staging server when it is not the target's or the managed one.</summary>
    public StagingSettings? Staging { get; init; }

    /// <summary>How often <c>--follow</c> writes a heartbeat so the slot advances while captured tables are quiet.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = DefaultHeartbeatInterval;

    /// <summary>An inactive slot holding back more WAL than this is reported as a warning.</summary>
    public long MaxLagWarningBytes { get; init; } = DefaultMaxLagWarningBytes;

    /// <summary>Changes per warehouse transaction at most (a larger source transaction is applied in one go anyway).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
}
