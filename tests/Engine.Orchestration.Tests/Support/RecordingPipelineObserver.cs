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

    public ConcurrentQueue<StepResult> Steps { get; } = new();

    public IProgress<ExtractProgress> ExtractProgress { get; } = new Progress<ExtractProgress>();

    public IBuildObserver Build => this;

    public void StepStarted(IPipelineStep step)
    {
    }

    public void StepFinished(StepResult result) => Steps.Enqueue(result);

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

    public void NodeStarted(BuildUnit unit, int index, int total)
    {
    }

    public void NodeFinished(NodeResult result, int index, int total)
    {
    }

    public void RunFinished(BuildOutcome outcome)
    {
    }
}
