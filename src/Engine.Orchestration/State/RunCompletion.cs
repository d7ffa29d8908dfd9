using System.Collections.Immutable;

namespace Engine.Orchestration.State;

/// <summary>What a finished run leaves in the history: its status and error, its steps, nodes and the assets it touched.</summary>
public sealed record RunCompletion(RunStatus Status, string? Error)
{
    public ImmutableArray<StepRecord> Steps { get; init; } = [];

    public ImmutableArray<NodeRecord> Nodes { get; init; } = [];

    public ImmutableArray<AssetResult> Assets { get; init; } = [];
}
