namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>Runs initdb once, in an empty folder the server's account owns.</summary>
internal static class ClusterInitializer
{
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);

    public static async Task InitializeAsync(
        string dataDirectory, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw LocalPostgresException.StartFailed(
                $"{dataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION); "
                + "move its contents away or delete it, then try again");
        }

        await DataDirectoryAccess.PrepareAsync(dataDirectory, account, cancellationToken).ConfigureAwait(false);
        var result = await account.RunAsync(
            binaries.InitDb,
            [
                "-D", dataDirectory,
                "-U", LocalPostgresInstance.Superuser,
                "--auth=trust",
                "-E", "UTF8",
                "--locale=C",
                // The cluster runs with fsync = off anyway; syncing here only slows the first start.
                "--no-sync",
            ],
            InitDbTimeout,
            cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return;
        }

        // initdb cleans up after its own errors but not after being killed; leave the folder empty for the next try.
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        throw LocalPostgresException.StartFailed(
            $"initdb ({binaries.VersionText}) could not create a cluster in {dataDirectory}:{Environment.NewLine}{result.Output}");
    }
}
