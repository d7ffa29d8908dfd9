using System.Globalization;

namespace Snowflake.Sandbox.Execution;

/// <summary>
/// Values as the SQL API's jsonv2 format writes them, every one a string: numbers in plain notation, booleans as
/// true/false, dates as days since 1970-01-01, timestamps as seconds since the epoch with 9 decimals (TIMESTAMP_TZ
/// followed by the offset in minutes plus 1440).
/// </summary>
internal static class ValueFormat
{
    public static string TypeOf(string duckDbType) => duckDbType.ToUpperInvariant() switch
    {
        "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "DECIMAL" or "UHUGEINT" => "fixed",
        "DOUBLE" or "FLOAT" => "real",
        "BOOLEAN" => "boolean",
        "DATE" => "date",
        "TIME" => "time",
        "TIMESTAMPTZ" => "timestamp_tz",
        "TIMESTAMP" or "TIMESTAMPNS" or "TIMESTAMPMS" or "TIMESTAMPS" => "timestamp_ntz",
        "BLOB" => "binary",
        "LIST" or "ARRAY" => "array",
        "STRUCT" or "MAP" => "object",
        _ => "text",
    };

    public static bool IsInteger(string duckDbType) =>
        duckDbType.ToUpperInvariant() is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER";

    public static string Format(string type, object value)
    {
        switch (value)
        {
            case bool b:
                return b ? "true" : "false";
            case double d:
                return d.ToString("R", CultureInfo.InvariantCulture);
            case float f:
                return ((double)f).ToString("R", CultureInfo.InvariantCulture);
            case DateOnly date:
                return (date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber).ToString(CultureInfo.InvariantCulture);
            case DateTimeOffset offset:
                return Seconds(offset.UtcDateTime) + $" {(int)offset.Offset.TotalMinutes + 1440}";
            case DateTime time when type == "date":
                return ((long)(time.Date - DateTime.UnixEpoch).TotalDays).ToString(CultureInfo.InvariantCulture);
            case DateTime time when type == "timestamp_tz":
                return Seconds(time) + " 1440";
            case DateTime time:
                return Seconds(time);
            case TimeSpan span:
                return (span.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.000000000", CultureInfo.InvariantCulture);
            case byte[] bytes:
                return Convert.ToHexString(bytes);
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    /// <summary>A bound value as DuckDB receives it; Snowflake converts the text of each binding by its declared type.</summary>
    public static object? Bind(string type, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return type.ToUpperInvariant() switch
        {
            "FIXED" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            "FIXED" => decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            "REAL" => double.Parse(value, CultureInfo.InvariantCulture),
            "BOOLEAN" => value is "true" or "TRUE" or "1" or "t",
            _ => value,
        };
    }

    private static string Seconds(DateTime time)
    {
        var ticks = (time - DateTime.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return $"{seconds.ToString(CultureInfo.InvariantCulture)}.{(rest * 100).ToString("000000000", CultureInfo.InvariantCulture)}";
    }
}
