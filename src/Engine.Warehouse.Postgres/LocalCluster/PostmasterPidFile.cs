using System.Diagnostics;
using System.Globalization;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// The server's <c>postmaster.pid</c>: line 1 the pid, line 4 the port, line 8 the status
/// ("starting", "ready", "stopping"). A crash leaves it behind, so its presence proves nothing.
/// </summary>
internal sealed record PostmasterPidFile(string Path, string Content, int ProcessId, int Port)
{
    public const string FileName = "postmaster.pid";

    /// <summary>The file in <paramref name="dataDirectory"/>; null when absent. Unreadable content gives pid and port 0.</summary>
    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        var path = System.IO.Path.Combine(dataDirectory, FileName);
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var lines = content.Split('\n');
        return new PostmasterPidFile(path, content, ParseLine(lines, 0), ParseLine(lines, 3));
    }

    /// <summary>
    /// Whether the process named in the file is the server of this data folder. A pid alone is not enough:
    /// after a reboot it may belong to anything, even another cluster's postgres. The postmaster runs with
    /// its data folder as working directory, so on Linux its <c>cwd/postmaster.pid</c> must start like this one.
    /// </summary>
    public bool ServerIsAlive()
    {
        if (ProcessId <= 0 || Port <= 0)
        {
            return false;
        }

        if (Directory.Exists("/proc"))
        {
            try
            {
                return Identity(File.ReadAllText($"/proc/{ProcessId}/cwd/{FileName}")) == Identity(Content);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return !process.HasExited && process.ProcessName.StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Removes a file left by a crashed server, so that postgres does not refuse to start over it.</summary>
    public void DeleteStale() => File.Delete(Path);

    /// <summary>Pid, data folder and start time: written once at start, unlike the status and listen lines.</summary>
    private static string Identity(string content) => string.Join('\n', content.Split('\n').Take(3));

    private static int ParseLine(string[] lines, int index) =>
        lines.Length > index && int.TryParse(lines[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;
}
