using Engine.Core.Diagnostics;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// Applies queued events in the background: at start (events a killed receiver left), whenever the receiver queues
/// one, and every <see cref="IdleInterval"/> in case a signal was missed. While an extract holds the staging lock, the
/// events wait and the worker tries again.
/// </summary>
public sealed class WebhookWorker(StravaExtractor extractor, Action<string> log) : IAsyncDisposable
{
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Called after each pass that applied something.</summary>
    public event Action<WebhookApplySummary>? Applied;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Wakes the worker (the receiver queued an event).</summary>
    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the events not applied yet stay queued.
            }
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var summary = await extractor.ApplyWebhookEventsAsync(cancellationToken).ConfigureAwait(false);
                if (summary.Events > 0)
                {
                    log($"applied {summary.Events} event(s): {summary.Upserted} upserted, {summary.Deleted} deleted, {summary.Deauthorized} athlete(s) forgotten, {summary.Requests} request(s)");
                    Applied?.Invoke(summary);
                }
            }
            catch (StravaExtractException e) when (e.Code == DiagnosticCodes.StravaExtractBusy)
            {
                log("staging is busy with an extract; the events wait");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is StravaExtractException or HttpRequestException or IOException or TimeoutException)
            {
                log($"applying events failed, will retry: {e.Message}");
            }

            await _signal.WaitAsync(IdleInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
