using Engine.Connectors.Cdc;
using Engine.Runtime.Sessions;
using Npgsql;

namespace Engine.Orchestration.Daemon;

/// <summary>
/// Wakes the daemon when a staging database announces changes (<see cref="PendingChanges.Channel"/>, sent by the webhook
/// worker after applying events), so an edit reaches eager models within seconds instead of at the next minute's tick.
/// A notification only starts a tick early: the tick itself asks each slot whether changes wait, so a missed or spurious
/// one costs a minute or a quiet tick, nothing else. Listens to nothing for a project without automated models or CDC.
/// </summary>
public sealed class StagingListener : IAsyncDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private StagingListener()
    {
    }

    public static async Task<StagingListener> StartAsync(ProjectSession session, Action<string> notice, CancellationToken cancellationToken)
    {
        var listener = new StagingListener();
        if (!session.Parsed.Graph.Nodes.Values.Any(n => n.Config?.Automation is not null) || CdcSettingsReader.Read(session.Definition.Sources).IsEmpty)
        {
            return listener;
        }

        foreach (var settings in ProjectCdc.Settings(session.Definition, null))
        {
            var request = await ProjectCdc.RequestAsync(settings, session, CdcMode.Drain, false, cancellationToken).ConfigureAwait(false);
            listener._loops.Add(Task.Run(() => listener.ListenAsync(request.SourceConnectionString, settings.SourceName, notice, listener._stop.Token), CancellationToken.None));
        }

        return listener;
    }

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first (true: notified).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_loops.Count == 0)
        {
            await Task.Delay(timeout, clock, cancellationToken).ConfigureAwait(false);
            return false;
        }

        return await WaitSignalAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task<bool> WaitSignalAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, linked.Token);
        var signal = _signal.WaitAsync(linked.Token);
        var first = await Task.WhenAny(delay, signal).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == signal)
        {
            return true;
        }

        // The delay ended; the signal's wait was cancelled, or took the signal at the same moment.
        return await signal.ContinueWith(t => t.Status == TaskStatus.RanToCompletion, TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <summary>One LISTEN connection per staging database, reconnected after a failure (the daemon outlives server restarts).</summary>
    private async Task ListenAsync(string connectionString, string source, Action<string> notice, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, _) => Release();
                await using (var command = new NpgsqlCommand($"LISTEN {PendingChanges.Channel}", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // Changes may have arrived before the LISTEN: one tick looks.
                Release();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                notice($"listening for changes in the staging database of source '{source}' failed, retrying in 10 s: {e.Message}");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Release()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one tick covers every change so far.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
