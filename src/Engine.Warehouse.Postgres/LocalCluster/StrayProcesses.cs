namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Processes an engine killed mid-set-up may leave running on a data folder (an initdb still writing, or backends of a
/// postmaster that died still holding its shared memory). The engine waits them out before touching the folder again:
/// wiping a folder initdb still writes to, or starting a server on memory still attached, would fail or corrupt it.
/// </summary>
internal static class StrayProcesses
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits, up to <paramref name="limit"/>, until no process runs with <paramref name="dataDirectory"/> on its command line.</summary>
    /// <returns>Whether none is left.</returns>
    public static async Task<bool> WaitUntilGoneAsync(string dataDirectory, string program, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Find(dataDirectory, program).Any())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Pids of processes whose command line names <paramref name="program"/> and the data folder (Linux /proc; none elsewhere).</summary>
    public static IEnumerable<int> Find(string dataDirectory, string program)
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(program, StringComparison.Ordinal) && commandLine.Contains(dataDirectory, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
