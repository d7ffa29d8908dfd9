namespace Engine.Warehouse.Snowflake.Api;

/// <summary>
/// One submission: the statement text, how many statements it holds (<c>MULTI_STATEMENT_COUNT</c>), and bindings by
/// position, each a Snowflake type (TEXT, FIXED, REAL, BOOLEAN, ...) and a value, or an array of values (one row each).
/// </summary>
public sealed record SqlApiRequest(string Statement, int StatementCount = 1)
{
    public IReadOnlyList<SqlApiBinding> Bindings { get; init; } = [];

    /// <summary>The schema the statement runs in, when not the target's.</summary>
    public string? Schema { get; init; }
}

public sealed record SqlApiBinding(string Type, object? Value);
