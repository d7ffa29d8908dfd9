namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>The server's log file (pg_ctl -l), whose last lines explain a failed start better than pg_ctl does.</summary>
internal static class ServerLog
{
    public const string FileName = "server.log";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The last <paramref name="lineCount"/> lines, or a note when there is no log yet.</summary>
    public static string Tail(string dataDirectory, int lineCount = 20)
    {
        var path = PathIn(dataDirectory);
        try
        {
            var lines = File.ReadAllLines(path);
            return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - lineCount)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(no log at {path})";
        }
    }
}
