using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;

namespace Engine.TestSupport;

/// <summary>
/// A <see cref="LocalPostgresCluster"/> in a fresh folder under the temp path, destroyed with the folder on dispose.
/// The folder is mode 755 so that the postgres OS user, which runs the server when tests run as root, can reach
/// <c>data/</c> inside it; the lock file sits beside <c>data/</c> and goes with the folder.
/// </summary>
public sealed class TemporaryCluster : IAsyncDisposable
{
    public TemporaryCluster()
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(
                Root,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Cluster = new LocalPostgresCluster(Path.Combine(Root, "data"));
    }

    /// <summary>The folder holding <c>data/</c> and <c>data.lock</c>.</summary>
    public string Root { get; }

    public LocalPostgresCluster Cluster { get; }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would only be killed by the shutdown; closing them first keeps the server log quiet.
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Cluster.DestroyAsync();
        }
        finally
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
