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
        // The error class is the message's prefix ("Catalog Error: ..."), which every DuckDB build writes.
        var kind = colon >= 0 ? text[..colon] : string.Empty;
        return kind switch
        {
            "Parser Error" => new("001003", "42000", $"SQL compilation error:\nsyntax error {detail}"),
            "Catalog Error" when detail.Contains("does not exist", StringComparison.OrdinalIgnoreCase) =>
                new("002003", "42S02", $"SQL compilation error:\n{detail}"),
            "Catalog Error" when detail.Contains("already exists", StringComparison.OrdinalIgnoreCase) =>
                new("002002", "42710", $"SQL compilation error:\n{detail}"),
            "Catalog Error" or "Binder Error" => new("000904", "42000", $"SQL compilation error:\n{detail}"),
            "Conversion Error" or "Invalid Input Error" => new("100038", "22018", detail),
            "Out of Range Error" => new("100046", "22003", detail),
            "Constraint Error" => new("100072", "22000", detail),
            "INTERRUPT Error" => SnowflakeError.Cancelled,
            "TransactionContext Error" or "Transaction Error" => new("000625", "57014", detail),
            _ when e.ErrorType == DuckDBErrorType.Interrupt => SnowflakeError.Cancelled,
            _ => new("100000", "XX000", detail),
        };
    }
}
