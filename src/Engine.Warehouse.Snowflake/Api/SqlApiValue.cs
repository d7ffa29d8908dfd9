using System.Globalization;

namespace Engine.Warehouse.Snowflake.Api;

/// <summary>
/// Decodes jsonv2 values by their column's <c>rowType</c>: dates arrive as days since 1970-01-01, timestamps as seconds
/// since the epoch with a fraction (TIMESTAMP_TZ followed by its offset in minutes plus 1440). The result is the text the
/// engine shows and compares: ISO dates and timestamps; everything else unchanged.
/// </summary>
public static class SqlApiValue
{
    public static string? Decode(string? value, SqlApiColumn column)
    {
        if (value is null)
        {
            return null;
        }

        switch (column.Type)
        {
            case "date" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days):
                return DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays((int)days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "timestamp_ntz" or "timestamp_ltz":
                return Timestamp(value, null)?.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) ?? value;
            case "timestamp_tz":
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                var offset = space > 0 && int.TryParse(value[(space + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes)
                    ? TimeSpan.FromMinutes(minutes - 1440)
                    : TimeSpan.Zero;
                return Timestamp(space > 0 ? value[..space] : value, offset) is { } local
                    ? new DateTimeOffset(local, offset).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture)
                    : value;
            default:
                return value;
        }
    }

    /// <summary>Epoch seconds with a fraction, as wall-clock time at <paramref name="offset"/>.</summary>
    private static DateTime? Timestamp(string text, TimeSpan? offset)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var utc = DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return DateTime.SpecifyKind(utc + (offset ?? TimeSpan.Zero), DateTimeKind.Unspecified);
    }
}
