using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Snowflake.Sandbox.Execution;

/// <summary>DuckDB's errors as Snowflake reports the same failures: its code, SQLSTATE and "SQL compilation error" wording.</summary>
internal static class Errors
{
    public static SnowflakeError Translate(DuckDBException e)
    {
        var message = e.Message;
        var hint = message.IndexOf("\n\nLINE ", StringComparison.Ordinal);
        var text = hint >= 0 ? message[..hint] : message;
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var detail = colon >= 0 ? text[(colon + 2)..] : text;
        return e.ErrorType switch
        {
            DuckDBErrorType.Parser => new("001003", "42000", $"SQL compilation error:\nsyntax error {detail}"),
            DuckDBErrorType.Catalog when detail.Contains("does not exist", StringComparison.OrdinalIgnoreCase) =>
                new("002003", "42S02", $"SQL compilation error:\n{detail}"),
            DuckDBErrorType.Catalog when detail.Contains("already exists", StringComparison.OrdinalIgnoreCase) =>
                new("002002", "42710", $"SQL compilation error:\n{detail}"),
            DuckDBErrorType.Catalog or DuckDBErrorType.Binder => new("000904", "42000", $"SQL compilation error:\n{detail}"),
            DuckDBErrorType.Conversion or DuckDBErrorType.InvalidInput => new("100038", "22018", detail),
            DuckDBErrorType.OutOfRange => new("100046", "22003", detail),
            DuckDBErrorType.Constraint => new("100072", "22000", detail),
            DuckDBErrorType.Interrupt => SnowflakeError.Cancelled,
            DuckDBErrorType.Transaction => new("000625", "57014", detail),
            _ => new("100000", "XX000", detail),
        };
    }
}
