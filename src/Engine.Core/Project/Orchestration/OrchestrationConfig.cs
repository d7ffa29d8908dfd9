using System.Collections.Immutable;

namespace Engine.Core.Project.Orchestration;

/// <summary>
/// What pipeline.yml says about running the project: the <c>steps:</c> of <c>engine run</c>, the <c>partitions:</c>
/// definitions and the <c>schedules:</c>. Freshness and automation are kept as written in <see cref="Pending"/> until
/// they are modelled.
/// </summary>
public sealed record OrchestrationConfig
{
    public static OrchestrationConfig Empty { get; } = new();

    /// <summary>The steps of <c>engine run</c> in order, or null when pipeline.yml has no <c>steps:</c> (then it builds).</summary>
    public ImmutableArray<StepDeclaration>? Steps { get; init; }

    /// <summary>The named partitions definitions, by name.</summary>
    public ImmutableDictionary<string, PartitionsDefinition> Partitions { get; init; } =
        ImmutableDictionary<string, PartitionsDefinition>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The schedules in the order pipeline.yml lists them.</summary>
    public ImmutableArray<ScheduleDefinition> Schedules { get; init; } = [];

    /// <summary>Keys not modelled yet (freshness, automation, dashboards), as plain values.</summary>
    public ImmutableDictionary<string, object?> Pending { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
