using Engine.Core.Project;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;

namespace Engine.Orchestration.Status;

/// <summary>One asset (model, seed, snapshot or source table) in <c>engine status</c>: its last materialization and freshness.</summary>
public sealed record AssetStatus(string UniqueId, string Name, ResourceType Type, string? Relation)
{
    /// <summary>The unpartitioned materialization, or null when the asset was never built (or, for a source, synced) by a recorded run.</summary>
    public AssetMaterialization? Last { get; init; }

    /// <summary>Freshness, for a source table or model that declares it.</summary>
    public FreshnessResult? Freshness { get; init; }
}
