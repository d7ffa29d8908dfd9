using Engine.Connectors.Cdc;
using Engine.Connectors.Strava;
using Engine.Core.Project;
using Engine.Orchestration.Steps;
using Engine.Runtime.Execution;

namespace Engine.Orchestration.Pipeline;

/// <summary>
/// Hears a pipeline run: the CLI prints what it hears, a daemon records it. Nothing below the CLI writes to the
/// console. Calls may come from several threads (sources sync in parallel, nodes build in parallel).
/// </summary>
public interface IPipelineObserver
{
    void StepStarted(IPipelineStep step);

    void StepFinished(StepResult result);

    /// <summary>Something a person should know (e.g. the Strava sandbox is used because no credentials are set).</summary>
    void Notice(string message);

    IProgress<ExtractProgress> ExtractProgress { get; }

    void ExtractFinished(ExtractSummary summary);

    IProgress<string> SyncProgress(string source);

    void SyncFinished(CdcSummary summary, TimeSpan elapsed);

    void BuildStarting(TargetConfig target, int threads);

    IBuildObserver Build { get; }
}
