namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// An exclusive lock file beside the data folder (<c>&lt;dir&gt;.lock</c>), so that two engine commands
/// started together do not both run initdb or pg_ctl start. FileShare.None is an OS lock (flock on Unix):
/// it is released when the process dies, so a crash never leaves the cluster locked. The file itself stays.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _stream;

    private ClusterLock(FileStream stream)
    {
        _stream = stream;
    }

    public static async Task<ClusterLock> AcquireAsync(string lockPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw LocalPostgresException.StartFailed(
                    $"another engine command has held {lockPath} for over {timeout.TotalSeconds:0} s while starting or "
                    + "stopping the local PostgreSQL cluster; wait for it to finish, or stop it and try again",
                    e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
