using System.Collections.Concurrent;
using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;

namespace Engine.Orchestration.Tests.Support;

/// <summary>Keeps the notices and finished steps of a pipeline run, for assertions; prints nothing.</summary>
public sealed class RecordingPipelineObserver : IPipelineObserver, IBuildObserver
{
    public ConcurrentQueue<string> Notices { get; } = new();

    /// <summary>Called on every step and node start and finish: a test's hook to act at a point of progress rather than after a delay.</summary>
    public Action? Heard { get; init; }

    public ConcurrentQueue<StepResult> Steps { get; } = new();

    public IProgress<ExtractProgress> ExtractProgress { get; } = new Progress<ExtractProgress>();

    public IBuildObserver Build => this;

    public void StepStarted(IPipelineStep step) => Heard?.Invoke();

    public void StepFinished(StepResult result)
    {
        Steps.Enqueue(result);
        Heard?.Invoke();
    }

    public void Notice(string message) => Notices.Enqueue(message);

    public void ExtractFinished(ExtractSummary summary)
    {
    }

    public IProgress<string> SyncProgress(string source) => new Progress<string>();

    public void SyncFinished(CdcSummary summary, TimeSpan elapsed)
    {
    }

    public void BuildStarting(TargetConfig target, int threads)
    {
    }

    public void NodeStarted(BuildUnit unit, int index, int total) => Heard?.Invoke();

    public void NodeFinished(NodeResult result, int index, int total) => Heard?.Invoke();

    public void RunFinished(BuildOutcome outcome)
    {
    }
}
