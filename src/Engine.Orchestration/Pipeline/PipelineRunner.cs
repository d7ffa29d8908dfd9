using System.Diagnostics;
using Engine.Connectors.Cdc;
using Engine.Orchestration.Steps;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Pipeline;

/// <summary>
/// <c>engine run</c>: the steps of pipeline.yml in order (extract → sync → build by convention), stopping at the first
/// that does not succeed.
/// </summary>
public static class PipelineRunner
{
    public static async Task<PipelineOutcome> RunAsync(ProjectSession session, PipelineOptions options, IPipelineObserver observer, CancellationToken cancellationToken)
    {
        var steps = options.Steps is { IsEmpty: false } own ? StepCatalog.For(own) : StepCatalog.For(session.Definition.Config);
        var context = new StepContext(session, options, observer, cancellationToken);
        var done = new List<StepResult>();
        for (var i = 0; i < steps.Length; i++)
        {
            // A draining sync right after the extract starts with it (EarlySync) and drains once the extract succeeded.
            await using var early = i + 1 < steps.Length && steps[i] is ExtractStep && steps[i + 1] is SyncStep sync && options.SyncMode == CdcMode.Drain
                ? sync.StartEarly(context)
                : null;
            var result = await RunStepAsync(steps[i], context).ConfigureAwait(false);
            done.Add(result);
            if (result.Succeeded && early is not null)
            {
                result = await RunStepAsync(early, context).ConfigureAwait(false);
                done.Add(result);
                i++;
            }

            if (!result.Succeeded)
            {
                break;
            }
        }

        if (options.SyncMode == CdcMode.Drain && done.All(s => s.Succeeded) && done.FindIndex(s => s.Name == SyncStep.StepName) is var synced and >= 0 &&
            done.FindIndex(s => s.Name == BuildStep.StepName) > synced)
        {
            await SyncStep.CatchUpAsync(context).ConfigureAwait(false);
        }

        return new PipelineOutcome(done, [.. steps.Skip(done.Count).Select(s => s.Name)]);
    }

    /// <summary>Runs one step with its start and finish reported; also how <c>engine extract</c> and friends run theirs.</summary>
    public static async Task<StepResult> RunStepAsync(IPipelineStep step, StepContext context)
    {
        context.Observer.StepStarted(step);
        var clock = Stopwatch.StartNew();
        var result = await step.RunAsync(context).ConfigureAwait(false);
        result = result with { Elapsed = clock.Elapsed };
        context.Observer.StepFinished(result);
        return result;
    }
}
