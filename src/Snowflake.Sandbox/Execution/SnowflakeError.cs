namespace Snowflake.Sandbox.Execution;

/// <summary>An error as Snowflake reports it: its own 6-digit code, the SQLSTATE and the message.</summary>
internal sealed record SnowflakeError(string Code, string SqlState, string Message)
{
    public static SnowflakeError Cancelled { get; } = new("000604", "57014", "SQL execution canceled");
}
