using System.Globalization;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>pg_ctl start and stop for an initialised data folder; callers hold the <see cref="ClusterLock"/>.</summary>
internal static class ServerControl
{
    private const int PortAttempts = 3;
    private const int PgCtlWaitSeconds = 60;

    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(PgCtlWaitSeconds + 30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a start waits for the processes of a killed server to let go of its shared memory.</summary>
    private static readonly TimeSpan StaleMemoryWait = TimeSpan.FromSeconds(30);

    public static async Task<LocalPostgresInstance> StartAsync(
        string dataDirectory, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken)
    {
        var staleMemoryDeadline = DateTime.UtcNow + StaleMemoryWait;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Pick();
            ServerConfiguration.Write(dataDirectory, port);
            await DataDirectoryAccess.PrepareAsync(dataDirectory, account, cancellationToken).ConfigureAwait(false);
            var result = await PgCtlAsync(binaries, account, dataDirectory, ["-l", ServerLog.PathIn(dataDirectory), "start"], cancellationToken)
                .ConfigureAwait(false);
            var log = ServerLog.Tail(dataDirectory);
            if (!result.Succeeded)
            {
                // Another program may have bound the port between FreePort.Pick and postgres binding it.
                if (attempt < PortAttempts && log.Contains("could not bind", StringComparison.Ordinal))
                {
                    continue;
                }

                // A server killed with its engine leaves backends that exit once they notice; until then its shared
                // memory is attached and a new postmaster refuses to start. Waiting is the safe way to clear it.
                if (log.Contains("pre-existing shared memory block", StringComparison.Ordinal) && DateTime.UtcNow < staleMemoryDeadline)
                {
                    attempt--;
                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw LocalPostgresException.StartFailed(
                    $"pg_ctl ({binaries.VersionText}) could not start the local PostgreSQL cluster in {dataDirectory}:"
                    + $"{Environment.NewLine}{result.Output}{Environment.NewLine}--- last lines of {ServerLog.PathIn(dataDirectory)} ---"
                    + $"{Environment.NewLine}{log}");
            }

            var instance = new LocalPostgresInstance(LocalPostgresInstance.LoopbackHost, port, LocalPostgresInstance.Superuser, dataDirectory);
            if (!await ConnectionProbe.WaitUntilAcceptingAsync(instance, ConnectTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw LocalPostgresException.StartFailed(
                    $"the local PostgreSQL cluster in {dataDirectory} started but accepts no connection on "
                    + $"{instance.Host}:{port}; last lines of {ServerLog.PathIn(dataDirectory)}:{Environment.NewLine}{ServerLog.Tail(dataDirectory)}");
            }

            return instance;
        }
    }

    /// <summary>Fast shutdown: open sessions are ended and transactions rolled back, without waiting for clients.</summary>
    public static async Task StopAsync(
        PostmasterPidFile pidFile, string dataDirectory, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken)
    {
        var result = await PgCtlAsync(binaries, account, dataDirectory, ["-m", "fast", "stop"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && pidFile.ServerIsAlive())
        {
            throw LocalPostgresException.StartFailed(
                $"pg_ctl could not stop the local PostgreSQL cluster in {dataDirectory} (pid {pidFile.ProcessId}):"
                + $"{Environment.NewLine}{result.Output}");
        }
    }

    private static Task<ProcessResult> PgCtlAsync(
        PostgresBinaries binaries, ServerAccount account, string dataDirectory, string[] command, CancellationToken cancellationToken) =>
        account.RunAsync(
            binaries.PgCtl,
            ["-D", dataDirectory, "-w", "-t", PgCtlWaitSeconds.ToString(CultureInfo.InvariantCulture), .. command],
            PgCtlTimeout,
            cancellationToken);
}
