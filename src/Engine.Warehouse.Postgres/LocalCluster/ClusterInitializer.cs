namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Runs initdb once, in an empty folder the server's account owns. A marker beside the folder
/// (<c>&lt;folder&gt;.initializing</c>) lives from before initdb until it succeeded, so a set-up killed half-way is
/// recognised by the next start and redone, instead of a half-written cluster being started.
/// </summary>
internal static class ClusterInitializer
{
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);

    public static string MarkerPath(string dataDirectory) => dataDirectory + ".initializing";

    /// <summary>Whether a set-up of <paramref name="dataDirectory"/> started and never finished.</summary>
    public static bool WasInterrupted(string dataDirectory) => File.Exists(MarkerPath(dataDirectory));

    public static async Task InitializeAsync(
        string dataDirectory, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken)
    {
        if (WasInterrupted(dataDirectory) && Directory.Exists(dataDirectory))
        {
            // The killed set-up's initdb may still be writing; only then is the folder ours to empty.
            if (!await StrayProcesses.WaitUntilGoneAsync(dataDirectory, "initdb", InitDbTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw LocalPostgresException.StartFailed($"an earlier initdb still runs on {dataDirectory}; stop it and try again");
            }

            Empty(dataDirectory);
        }

        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw LocalPostgresException.StartFailed(
                $"{dataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION); "
                + "move its contents away or delete it, then try again");
        }

        await File.WriteAllTextAsync(MarkerPath(dataDirectory), "initdb started; a set-up killed before it finished is redone\n", cancellationToken).ConfigureAwait(false);
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
            File.Delete(MarkerPath(dataDirectory));
            return;
        }

        // initdb cleans up after its own errors but not after being killed; leave the folder empty for the next try.
        Empty(dataDirectory);
        throw LocalPostgresException.StartFailed(
            $"initdb ({binaries.VersionText}) could not create a cluster in {dataDirectory}:{Environment.NewLine}{result.Output}");
    }

    private static void Empty(string dataDirectory)
    {
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
    }
}
