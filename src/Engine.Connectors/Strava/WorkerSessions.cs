using Engine.Connectors.Strava.Staging;

namespace Engine.Connectors.Strava;

/// <summary>
/// The staging sessions of the workers after the first, opened together while the extract reads its athletes' order:
/// each is a connection and two temp tables, tens of milliseconds that otherwise delayed the second athlete's start.
/// A worker that takes one disposes it; those no worker took (fewer athletes to extract than configured) are disposed
/// here.
/// </summary>
internal sealed class WorkerSessions : IAsyncDisposable
{
    private readonly Task<StagingDatabase>[] _opening;
    private readonly bool[] _taken;

    private WorkerSessions(Task<StagingDatabase>[] opening)
    {
        _opening = opening;
        _taken = new bool[opening.Length];
    }

    /// <summary>Starts opening <paramref name="count"/> sessions beside <paramref name="staging"/>.</summary>
    public static WorkerSessions Open(StagingDatabase staging, int count, CancellationToken cancellationToken) =>
        new([.. Enumerable.Range(0, Math.Max(count, 0)).Select(_ => staging.OpenSessionAsync(cancellationToken))]);

    /// <summary>The session of worker <paramref name="index"/> (0 for the first after the lock holder), once open.</summary>
    public Task<StagingDatabase> TakeAsync(int index)
    {
        _taken[index] = true;
        return _opening[index];
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _opening.Length; i++)
        {
            if (_taken[i])
            {
                continue;
            }

            try
            {
                await (await _opening[i].ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or InvalidOperationException)
            {
                // Never used: a session that failed to open lost nothing, and the run's own outcome is what to report.
            }
        }
    }
}
