using Engine.Connectors.Cdc;
using Engine.Runtime.Sessions;
using Npgsql;

namespace Engine.Orchestration.Daemon;

/// <summary>
/// Wakes the daemon when a staging database announces changes (<see cref="PendingChanges.Channel"/>, sent by the webhook
/// worker after applying events), so an edit reaches eager models within seconds instead of at the next minute's tick.
/// A notification only starts a tick early: the tick itself asks each slot whether changes wait. The slots are also
/// peeked every <see cref="PollInterval"/>, so a missed notification costs seconds, and a spurious one a quiet tick. Listens to nothing for a project without automated models or CDC.
/// </summary>
public sealed class StagingListener : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<CdcRequest> _requests = [];

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
            listener._requests.Add(request);
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

    /// <summary>
    /// Between ticks only (a peek holds the slot for a moment, which must not meet the daemon's own sync), the slots are
    /// peeked every <see cref="PollInterval"/>: changes from a writer that does not notify (an extract run by hand,
    /// another loader), or a notification lost in a reconnect, wait seconds, not a minute.
    /// </summary>
    private async Task<bool> WaitSignalAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(timeout, clock, stop.Token);
        while (true)
        {
            if (await Task.WhenAny(expired, _signal.WaitAsync(PollInterval, stop.Token)).ConfigureAwait(false) is Task<bool> { IsCompletedSuccessfully: true, Result: true })
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (expired.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return false;
            }

            foreach (var request in _requests)
            {
                try
                {
                    if (await PendingChanges.AnyAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        return true;
                    }
                }
                catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
                {
                    // The listener reports connection trouble; the next poll tries again.
                }
            }
        }
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
