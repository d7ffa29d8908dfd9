namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>What a finished (or killed) child process left behind.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Both streams, trimmed, for error messages: PostgreSQL tools print their reasons on either.</summary>
    public string Output
    {
        get
        {
            var text = string.Join(Environment.NewLine, new[] { StandardOutput.Trim(), StandardError.Trim() }.Where(s => s.Length > 0));
            return TimedOut ? text + Environment.NewLine + "(timed out and was killed)" : text;
        }
    }
}
