using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;

namespace Engine.Orchestration.Pipeline;

/// <summary>A finished pipeline run: the steps that ran, in order, and those not reached after a failure.</summary>
public sealed record PipelineOutcome(IReadOnlyList<StepResult> Done, IReadOnlyList<string> NotReached)
{
    public bool Succeeded => Done.All(s => s.Succeeded);

    /// <summary>The run's id in the state store's history, when it was recorded.</summary>
    public long? RunId { get; init; }

    /// <summary>The build step's outcome, when it ran.</summary>
    public BuildOutcome? Build => Done.LastOrDefault(s => s.Build is not null)?.Build;

    /// <summary>The status that decides the exit code: the last step's (the run stops at the first failure).</summary>
    public StepStatus Status => Done.Count == 0 ? StepStatus.Succeeded : Done[^1].Status;
}
