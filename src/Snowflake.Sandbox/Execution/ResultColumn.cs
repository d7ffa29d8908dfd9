namespace Snowflake.Sandbox.Execution;

/// <summary>A column of a result as the SQL API's <c>rowType</c> describes it; <see cref="Type"/> is Snowflake's name (fixed, real, text, ...).</summary>
internal sealed record ResultColumn(string Name, string Type, int? Precision = null, int? Scale = null);
