namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>Finds programs the way a shell would, but through a PATH string that tests can replace.</summary>
internal static class ExecutableFinder
{
    /// <summary>The platform's file name for a program: <c>initdb</c>, or <c>initdb.exe</c> on Windows.</summary>
    public static string FileName(string program) => OperatingSystem.IsWindows() ? program + ".exe" : program;

    public static string? FindOnPath(string program, string? pathVariable)
    {
        foreach (var directory in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, FileName(program));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Follows symlinks to the real file, so /usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb
    /// yields the folder that also holds pg_ctl and postgres.
    /// </summary>
    public static string ResolveLinks(string path)
    {
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
        return Path.GetFullPath(target?.FullName ?? path);
    }
}
