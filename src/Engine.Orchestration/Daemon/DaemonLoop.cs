using Engine.Orchestration.Pipeline;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Daemon;

/// <summary>
/// <c>engine daemon</c> without <c>--once</c>: a tick every <see cref="Interval"/> until stopped, and one as soon as a
/// staging database announces changes (<see cref="StagingListener"/>). A tick runs its
/// runs one after another, and each run takes the project's run lock, so at most one run of the project is in progress.
/// Stopping (SIGTERM, Ctrl-C) drains: the run in progress finishes and is recorded, no further run starts, and a
/// schedule whose ticks did not all run keeps its cursor, so the next start runs them.
/// </summary>
public static class DaemonLoop
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping daemon may take to finish its run in progress before the process ends anyway.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(
        ProjectSession session, PipelineOptions options, IPipelineObserver observer, TimeProvider clock, Action<DaemonTickReport> onTick, CancellationToken cancellationToken)
    {
        await using var listener = await StagingListener.StartAsync(session, observer.Notice, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            onTick(await DaemonTick.RunOnceAsync(session, options, observer, clock, CancellationToken.None, stopping: cancellationToken).ConfigureAwait(false));
            try
            {
                await listener.WaitAsync(Interval, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
