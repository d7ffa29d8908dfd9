using System.Globalization;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>
/// The window [<see cref="Start"/>, <see cref="End"/>) a microbatch model replaces in one run, as dbt chooses it: the
/// run's explicit window (a partition, or <c>--event-time-start/--event-time-end</c>); else, when the table exists,
/// the current batch and <c>lookback</c> batches before it; else from <c>begin</c> to the end of the current batch.
/// Batches of one run are applied as one window: the same rows, one delete+insert.
/// </summary>
public sealed record MicrobatchWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public static MicrobatchWindow For(ModelConfig config, RunPartition? explicitWindow, bool incremental, DateTimeOffset now)
    {
        if (explicitWindow is not null)
        {
            return new MicrobatchWindow(explicitWindow.Start, explicitWindow.End);
        }

        var size = config.BatchSize ?? "day";
        var current = Truncate(now, size);
        var end = Add(current, size, 1);
        var start = incremental ? Add(current, size, -(config.Lookback ?? 1)) : ParseBegin(config.Begin ?? string.Empty) ?? current;
        return new MicrobatchWindow(start, end);
    }

    /// <summary><c>begin</c> as written in dbt: a date or a timestamp, read as UTC.</summary>
    public static DateTimeOffset? ParseBegin(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var begin) ? begin : null;

    private static DateTimeOffset Truncate(DateTimeOffset now, string size)
    {
        var u = now.UtcDateTime;
        var start = size switch
        {
            "hour" => new DateTime(u.Year, u.Month, u.Day, u.Hour, 0, 0),
            "month" => new DateTime(u.Year, u.Month, 1),
            "year" => new DateTime(u.Year, 1, 1),
            _ => u.Date,
        };
        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    private static DateTimeOffset Add(DateTimeOffset instant, string size, int count) => size switch
    {
        "hour" => instant.AddHours(count),
        "month" => instant.AddMonths(count),
        "year" => instant.AddYears(count),
        _ => instant.AddDays(count),
    };
}
