using System.Collections.Immutable;

namespace Engine.Core.Project.Orchestration;

/// <summary>
/// What pipeline.yml says about running the project: today the <c>steps:</c> of <c>engine run</c>. Partitions,
/// schedules, freshness and automation come with the orchestration issue; until then their keys are accepted and
/// kept as written in <see cref="Pending"/>.
/// </summary>
public sealed record OrchestrationConfig
{
    public static OrchestrationConfig Empty { get; } = new();

    /// <summary>The steps of <c>engine run</c> in order, or null when pipeline.yml has no <c>steps:</c> (then it builds).</summary>
    public ImmutableArray<StepDeclaration>? Steps { get; init; }

    /// <summary>Keys not modelled yet (partitions, schedules, freshness, automation, dashboards), as plain values.</summary>
    public ImmutableDictionary<string, object?> Pending { get; init; } = ImmutableDictionary<string, object?>.Empty;
}
