using Engine.Orchestration.Pipeline;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Steps;

/// <summary>What a step runs with: the opened project, the run's options, and where it reports.</summary>
public sealed record StepContext(ProjectSession Session, PipelineOptions Options, IPipelineObserver Observer, CancellationToken CancellationToken);
