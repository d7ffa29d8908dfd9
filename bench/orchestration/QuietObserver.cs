using System.Diagnostics;
using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;

/// <summary>Prints nothing; remembers when the first step of a run started (the tick-to-run-start delay).</summary>
internal sealed class QuietObserver : IPipelineObserver, IBuildObserver
{
    public long? FirstStepAt { get; private set; }

    public IProgress<ExtractProgress> ExtractProgress { get; } = new Progress<ExtractProgress>();

    public IBuildObserver Build => this;

    public void StepStarted(IPipelineStep step) => FirstStepAt ??= Stopwatch.GetTimestamp();

    public void StepFinished(StepResult result)
    {
    }

    public void Notice(string message)
    {
    }

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
