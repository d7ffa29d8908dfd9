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
    private readonly SyncStep.Started _syncs = new();
    private readonly Task _starting;

    internal EarlySync(SyncStep step, StepContext context)
    {
        _step = step;
        _abandon = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var token = _abandon.Token;
        _starting = Task.Run(() => SyncStep.StartAsync(context, _syncs, _release.Task, _clock, token), CancellationToken.None);
    }

    public string Name => _step.Name;

    /// <summary>Lets the syncs drain, then finishes the step as <see cref="SyncStep.RunAsync"/> does; timed from here.</summary>
    public async Task<StepResult> RunAsync(StepContext context)
    {
        // Connecting does not wait for the release: a failure to start is the step's, reported before anything drains.
        await _starting.ConfigureAwait(false);
        foreach (var held in _syncs.Held)
        {
            held.Release();
        }

        _clock.Start();
        _release.TrySetResult();
        return await _step.FinishAsync(context, _syncs).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels whatever has not finished (every sync, when the extract failed and <see cref="RunAsync"/> never came; those
    /// started before one failed to start) and waits for it: no sync outlives its run holding a replication slot.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _abandon.CancelAsync().ConfigureAwait(false);
        try
        {
            await _starting.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported by RunAsync when it ran; when it did not, the run reports the extract's failure.
        catch (Exception)
        {
        }

        foreach (var run in _syncs.Runs)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (Exception)
            {
            }
        }
#pragma warning restore CA1031

        _abandon.Dispose();
    }
}
