namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Makes the data folder usable by the server's account: created, mode 0700 (postgres refuses anything
/// looser), owned by that account, and reachable, which needs every parent folder to be searchable by it.
/// </summary>
internal static class DataDirectoryAccess
{
    public static async Task PrepareAsync(string dataDirectory, ServerAccount account, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Recursive, because files the engine wrote as root (engine.conf, a log) must be writable by the server.
        await account.TakeOwnershipAsync(dataDirectory, recursive: true, cancellationToken).ConfigureAwait(false);
        if (!await account.CanUseDirectoryAsync(dataDirectory, cancellationToken).ConfigureAwait(false))
        {
            throw LocalPostgresException.StartFailed(
                $"the `{ServerAccount.PostgresUser}` OS user, which runs the server because the engine runs as root, "
                + $"cannot reach {dataDirectory}: every parent folder must be searchable by it (e.g. `chmod o+x` on it), "
                + "and folders under /root usually are not; choose a data folder elsewhere");
        }
    }
}
