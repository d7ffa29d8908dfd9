namespace Snowflake.Sandbox.Execution;

/// <summary>
/// A bind variable of the request body (<c>"1": {"type": "FIXED", "value": "123"}</c>). An array value binds one row per
/// element, as Snowflake's array binding does for INSERT.
/// </summary>
internal sealed record Binding(string Type, IReadOnlyList<string?> Values, bool IsArray);
