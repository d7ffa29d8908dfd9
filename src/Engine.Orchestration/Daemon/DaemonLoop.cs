using Engine.Orchestration.Pipeline;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Daemon;

/// <summary>
/// <c>engine daemon</c> without <c>--once</c>: a tick every <see cref="Interval"/> until cancelled. A tick runs its
/// runs one after another, so at most one run of the project is in progress; cancelling stops between ticks (a run in
/// progress gets the cancellation and is recorded as failed).
/// </summary>
public static class DaemonLoop
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(
        ProjectSession session, PipelineOptions options, IPipelineObserver observer, TimeProvider clock, Action<DaemonTickReport> onTick, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            onTick(await DaemonTick.RunOnceAsync(session, options, observer, clock, cancellationToken).ConfigureAwait(false));
            try
            {
                await Task.Delay(Interval, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
