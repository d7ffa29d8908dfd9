using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Runtime.Execution;

namespace Engine.Orchestration.Steps;

/// <summary>
/// One finished step: its status, time, a one-line account of its work, and the typed result of the step that ran
/// (only the one of its kind is set).
/// </summary>
public sealed record StepResult(string Name, StepStatus Status, TimeSpan Elapsed, string Detail)
{
    public ExtractSummary? Extract { get; init; }

    public IReadOnlyList<CdcSummary>? Sync { get; init; }

    public BuildOutcome? Build { get; init; }

    public bool Succeeded => Status == StepStatus.Succeeded;
}
