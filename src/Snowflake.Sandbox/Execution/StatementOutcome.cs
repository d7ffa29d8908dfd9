namespace Snowflake.Sandbox.Execution;

/// <summary>What one statement did: a result set (DDL and DML have one too, as on Snowflake) or a Snowflake error.</summary>
internal sealed record StatementOutcome
{
    public IReadOnlyList<ResultColumn> Columns { get; init; } = [];

    public IReadOnlyList<string?[]> Rows { get; init; } = [];

    /// <summary>numRowsInserted, numRowsUpdated, numRowsDeleted, as Snowflake's <c>stats</c> object.</summary>
    public IReadOnlyDictionary<string, long>? Stats { get; init; }

    public SnowflakeError? Error { get; init; }

    public static StatementOutcome Status(string message) =>
        new() { Columns = [new ResultColumn("status", "text")], Rows = [[message]] };

    public static StatementOutcome Failed(SnowflakeError error) => new() { Error = error };
}
