namespace Snowflake.Sandbox;

/// <summary>How the stand-in behaves: where it keeps its databases, when it answers 202, how it splits results.</summary>
public sealed record SnowflakeSandboxOptions
{
    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The account locator tokens must name (upper case, no region).</summary>
    public string Account { get; init; } = "SANDBOX";

    /// <summary>
    /// Where each Snowflake database is kept as a DuckDB file (<c>NAME.duckdb</c>), so tables survive a restart of the
    /// stand-in as they survive a client's crash on Snowflake. Null: a temporary folder deleted when the server stops.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>A statement still running after this long is answered 202 and completes asynchronously (Snowflake: 45 s).</summary>
    public TimeSpan AsyncThreshold { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Rows per result partition; partition 0 comes with the first response, the others by <c>?partition=N</c>.</summary>
    public int PartitionRows { get; init; } = 10_000;
}
