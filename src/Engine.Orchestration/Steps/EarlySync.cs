using System.Diagnostics;

namespace Engine.Orchestration.Steps;

/// <summary>
/// The sync step started together with the extract before it (<see cref="Pipeline.PipelineRunner"/>): its syncs connect,
/// check the slot and the tables, and start streaming while the extract runs, so the server's decoding of the WAL written
/// since the last sync (after a build, mostly that build's) overlaps the extract instead of following it. Nothing is
/// applied before <see cref="RunAsync"/>: only then is each sync's end marker written, after everything the extract
/// committed, and the stream applied up to it. Disposed without being run (the extract failed), the syncs are cancelled.
/// </summary>
public sealed class EarlySync : IPipelineStep, IAsyncDisposable
{
    private readonly SyncStep _step;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandon;
    private readonly Stopwatch _clock = new();
    private readonly Task<SyncStep.Started> _started;
    private bool _ran;

    internal EarlySync(SyncStep step, StepContext context)
    {
        _step = step;
        _abandon = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var token = _abandon.Token;
        _started = Task.Run(() => step.StartAsync(context, _release.Task, hold: true, _clock, token), CancellationToken.None);
    }

    public string Name => _step.Name;

    /// <summary>Lets the syncs drain, then finishes the step as <see cref="SyncStep.RunAsync"/> does; timed from here.</summary>
    public async Task<StepResult> RunAsync(StepContext context)
    {
        _ran = true;
        _clock.Start();
        _release.TrySetResult();
        var started = await _started.ConfigureAwait(false);
        foreach (var held in started.Held)
        {
            held.Release();
        }

        return await _step.FinishAsync(context, started).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ran)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll((await _started.ConfigureAwait(false)).Runs).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The run reports the extract's failure; what the abandoned syncs met on the way out is not another.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _abandon.Dispose();
    }
}
