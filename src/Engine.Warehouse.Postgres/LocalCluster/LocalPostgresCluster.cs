using System.Collections.Concurrent;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// A PostgreSQL cluster the engine creates and runs itself, in one data folder: <c>.engine/postgres</c> (the engine's state folder)
/// for <c>engine local</c>, a temporary folder in tests. Every method may be called from concurrent engine
/// processes: start, stop and destroy serialise on <c>&lt;folder&gt;.lock</c>.
/// </summary>
public sealed class LocalPostgresCluster
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ReuseConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Per data folder, the <c>postmaster.pid</c> of the server this process last found accepting connections: a run asks
    /// for the server five or six times (state store, staging, CDC, sink, build), and each check costs a lock, a
    /// probe connection and a database check. The file names the server's pid and start time, so a restarted or
    /// recreated server is a new file and is checked again.
    /// </summary>
    private static readonly ConcurrentDictionary<string, string> Accepting = new(StringComparer.Ordinal);

    /// <summary>The databases this process made sure of, per data folder and <c>postmaster.pid</c>.</summary>
    private static readonly ConcurrentDictionary<(string Server, string Database), bool> Databases = new();

    private readonly PostgresBinarySearch _binarySearch;
    private readonly ServerAccount _account = new();
    private PostgresBinaries? _binaries;

    /// <param name="dataDirectory">The cluster's folder; created by the first start.</param>
    /// <param name="binarySearch">Where to find initdb and pg_ctl; <see cref="PostgresBinarySearch.FromEnvironment"/> when null.</param>
    public LocalPostgresCluster(string dataDirectory, PostgresBinarySearch? binarySearch = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _binarySearch = binarySearch ?? PostgresBinarySearch.FromEnvironment();
    }

    public string DataDirectory { get; }

    /// <summary>Beside the data folder rather than in it: initdb wants an empty folder.</summary>
    public string LockPath => DataDirectory + ".lock";

    /// <summary>A cluster whose initdb finished (initdb writes PG_VERSION first, so that file alone proves nothing).</summary>
    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION")) && !ClusterInitializer.WasInterrupted(DataDirectory);

    /// <summary>
    /// Starts the server, creating the cluster first if the folder has none, or returns the server already
    /// running on this folder. A postmaster.pid left by a crash is removed.
    /// </summary>
    /// <exception cref="LocalPostgresException">ENG1501 without server binaries, ENG1502 when init or start fails.</exception>
    public async Task<LocalPostgresInstance> EnsureStartedAsync(CancellationToken cancellationToken = default) =>
        (await StartedAsync(null, cancellationToken).ConfigureAwait(false)).Instance;

    /// <summary>
    /// The running server with <paramref name="database"/> created when missing; both checked once per process and
    /// server start (<see cref="Accepting"/>). The check is the first open of the engine's own pooled connection to the
    /// database, which the command's first statement then reuses; only a missing database (3D000) costs another
    /// connection, to <c>postgres</c>, to create it.
    /// </summary>
    public async Task<LocalPostgresInstance> EnsureStartedAsync(string database, CancellationToken cancellationToken = default)
    {
        var (instance, probed) = await StartedAsync(database, cancellationToken).ConfigureAwait(false);
        var server = Accepting.GetValueOrDefault(DataDirectory);
        if (server is not null && Databases.ContainsKey((server, database)))
        {
            return instance;
        }

        var exists = probed is { } result
            ? result == ConnectionProbe.Result.Accepting
            : await ConnectionProbe.DatabaseExistsAsync(instance, database, cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            await instance.EnsureDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        }

        if (server is not null)
        {
            Databases[(server, database)] = true;
        }

        return instance;
    }

    /// <returns>The server, and what probing <paramref name="database"/> found when this call probed it (null otherwise).</returns>
    private async Task<(LocalPostgresInstance Instance, ConnectionProbe.Result? Probed)> StartedAsync(string? database, CancellationToken cancellationToken)
    {
        if (KnownAccepting() is { } known)
        {
            return (InstanceOn(known.Port), null);
        }

        using var held = await ClusterLock.AcquireAsync(LockPath, LockTimeout, cancellationToken).ConfigureAwait(false);
        if (await FindRunningAsync(database, cancellationToken).ConfigureAwait(false) is { } running)
        {
            Remember();
            return (running.Instance, database is null ? null : running.Probed);
        }

        var binaries = await GetBinariesAsync(cancellationToken).ConfigureAwait(false);
        await _account.EnsureUsableAsync(cancellationToken).ConfigureAwait(false);
        if (!IsInitialized)
        {
            await ClusterInitializer.InitializeAsync(DataDirectory, binaries, _account, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var started = await ServerControl.StartAsync(DataDirectory, binaries, _account, cancellationToken).ConfigureAwait(false);
            Remember();
            return (started, null);
        }
        catch (LocalPostgresException) when (PostmasterPidFile.TryRead(DataDirectory) is { } pid && pid.ServerIsAlive())
        {
            // A server launched by a set-up that was killed before it wrote postmaster.pid came up meanwhile: use it.
            return (await FindRunningAsync(null, cancellationToken).ConfigureAwait(false) is { } found
                ? found.Instance
                : throw LocalPostgresException.StartFailed($"the local PostgreSQL cluster in {DataDirectory} could not be started or found"), null);
        }
    }

    /// <summary>Stops the server if it runs; nothing happens when it does not or when there is no cluster.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        using var held = await ClusterLock.AcquireAsync(LockPath, LockTimeout, cancellationToken).ConfigureAwait(false);
        await StopHeldAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes the data folder with every database in it.</summary>
    public async Task DestroyAsync(CancellationToken cancellationToken = default)
    {
        using var held = await ClusterLock.AcquireAsync(LockPath, LockTimeout, cancellationToken).ConfigureAwait(false);
        await StopHeldAsync(cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Reads the state without taking the lock or changing anything, so it never waits on a start.</summary>
    public async Task<LocalPostgresStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var pidFile = PostmasterPidFile.TryRead(DataDirectory);
        if (pidFile is null || !pidFile.ServerIsAlive())
        {
            return new LocalPostgresStatus(DataDirectory, IsInitialized, null, null);
        }

        var instance = InstanceOn(pidFile.Port);
        var accepting = await ConnectionProbe.WaitUntilAcceptingAsync(instance, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return new LocalPostgresStatus(DataDirectory, IsInitialized, pidFile.ProcessId, accepting ? instance : null);
    }

    private async Task<(LocalPostgresInstance Instance, ConnectionProbe.Result Probed)?> FindRunningAsync(string? database, CancellationToken cancellationToken)
    {
        var pidFile = PostmasterPidFile.TryRead(DataDirectory);
        if (pidFile is null)
        {
            return null;
        }

        if (!pidFile.ServerIsAlive())
        {
            // Left by a crash or a reboot; postgres could mistake a reused pid for a live server and refuse to start.
            pidFile.DeleteStale();
            return null;
        }

        var instance = InstanceOn(pidFile.Port);
        var probed = await ConnectionProbe.WaitUntilAcceptingAsync(instance, database, ReuseConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (probed != ConnectionProbe.Result.NotAccepting)
        {
            return (instance, probed);
        }

        throw LocalPostgresException.StartFailed(
            $"a PostgreSQL server (pid {pidFile.ProcessId}) runs on {DataDirectory} but accepts no connection on "
            + $"{LocalPostgresInstance.LoopbackHost}:{pidFile.Port}; stop it (`engine local stop`) and try again. "
            + $"Last lines of {ServerLog.PathIn(DataDirectory)}:{Environment.NewLine}{ServerLog.Tail(DataDirectory)}");
    }

    private async Task StopHeldAsync(CancellationToken cancellationToken)
    {
        Accepting.TryRemove(DataDirectory, out _);
        var pidFile = PostmasterPidFile.TryRead(DataDirectory);
        if (pidFile is null)
        {
            return;
        }

        if (!pidFile.ServerIsAlive())
        {
            pidFile.DeleteStale();
            return;
        }

        var binaries = await GetBinariesAsync(cancellationToken).ConfigureAwait(false);
        await _account.EnsureUsableAsync(cancellationToken).ConfigureAwait(false);
        await ServerControl.StopAsync(pidFile, DataDirectory, binaries, _account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server this process found accepting, when its postmaster.pid is unchanged and its process alive.</summary>
    private PostmasterPidFile? KnownAccepting() =>
        Accepting.TryGetValue(DataDirectory, out var content) && PostmasterPidFile.TryRead(DataDirectory) is { } pidFile
            && string.Equals(pidFile.Content, content, StringComparison.Ordinal) && pidFile.ServerIsAlive()
            ? pidFile
            : null;

    private void Remember()
    {
        if (PostmasterPidFile.TryRead(DataDirectory) is { } pidFile)
        {
            Accepting[DataDirectory] = pidFile.Content;
        }
    }

    private LocalPostgresInstance InstanceOn(int port) =>
        new(LocalPostgresInstance.LoopbackHost, port, LocalPostgresInstance.Superuser, DataDirectory);

    private async Task<PostgresBinaries> GetBinariesAsync(CancellationToken cancellationToken) =>
        _binaries ??= await PostgresBinaries.LocateAsync(_binarySearch, cancellationToken).ConfigureAwait(false);
}
