using System.Globalization;
using Engine.Core.Project.Orchestration;

namespace Engine.Orchestration.Partitions;

/// <summary>
/// One partition of a time-partitions definition: its key (Dagster's formats: <c>2024-01-15</c> for days, weeks and
/// months, <c>2024-01-15-06:00</c> for hours) and its window [<see cref="Start"/>, <see cref="End"/>) in UTC.
/// </summary>
public sealed record PartitionWindow(string Key, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The last partition that has closed at <paramref name="instant"/> (shifted by the definition's end_offset), or null before the first one.</summary>
    public static PartitionWindow? LastClosedAt(PartitionsDefinition definition, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, definition.TimeZone).DateTime;
        var open = Floor(definition, local);
        var start = Step(definition.Grain, open, definition.EndOffset - 1);
        return start < definition.Start ? null : Of(definition, start);
    }

    /// <summary>The partition that contains <paramref name="instant"/>, still open.</summary>
    public static PartitionWindow? Containing(PartitionsDefinition definition, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, definition.TimeZone).DateTime;
        var start = Floor(definition, local);
        return start < definition.Start ? null : Of(definition, start);
    }

    /// <summary>The partition a key names, or null when the key is malformed, not on a partition boundary, or before the start.</summary>
    public static PartitionWindow? Parse(PartitionsDefinition definition, string key)
    {
        var format = definition.Grain == PartitionGrain.Hourly ? "yyyy-MM-dd-HH:mm" : "yyyy-MM-dd";
        if (!DateTime.TryParseExact(key, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A daily key names a date; the partition starts at the definition's time of day.
        var start = definition.Grain == PartitionGrain.Hourly ? local : local.Date.Add(definition.Start.TimeOfDay);
        return start < definition.Start || Floor(definition, start) != start ? null : Of(definition, start);
    }

    /// <summary>The partition right after this one.</summary>
    public PartitionWindow Next(PartitionsDefinition definition)
    {
        var local = TimeZoneInfo.ConvertTime(Start, definition.TimeZone).DateTime;
        return Of(definition, Step(definition.Grain, local, 1));
    }

    /// <summary>Every partition from <paramref name="first"/> to <paramref name="last"/>, both included, in order.</summary>
    public static IEnumerable<PartitionWindow> Range(PartitionsDefinition definition, PartitionWindow first, PartitionWindow last)
    {
        for (var window = first; window.Start <= last.Start; window = window.Next(definition))
        {
            yield return window;
        }
    }

    private static PartitionWindow Of(PartitionsDefinition definition, DateTime localStart)
    {
        var end = Step(definition.Grain, localStart, 1);
        var key = definition.Grain == PartitionGrain.Hourly
            ? localStart.ToString("yyyy-MM-dd-HH:mm", CultureInfo.InvariantCulture)
            : localStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new PartitionWindow(key, Utc(definition, localStart), Utc(definition, end));
    }

    /// <summary>The start of the partition a local time falls in, aligned on the definition's start (its weekday, day of month, minute).</summary>
    private static DateTime Floor(PartitionsDefinition definition, DateTime local)
    {
        var s = definition.Start;
        return definition.Grain switch
        {
            PartitionGrain.Hourly => new DateTime(local.Year, local.Month, local.Day, local.Hour, s.Minute, 0) is var h && h > local ? h.AddHours(-1) : h,
            PartitionGrain.Daily => local.Date.Add(s.TimeOfDay) is var d && d > local ? d.AddDays(-1) : d,
            PartitionGrain.Weekly => local.Date.AddDays(-(((int)local.DayOfWeek - (int)s.DayOfWeek + 7) % 7)).Add(s.TimeOfDay) is var w && w > local ? w.AddDays(-7) : w,
            _ => new DateTime(local.Year, local.Month, 1).Add(s.TimeOfDay) is var m && m > local ? m.AddMonths(-1) : m,
        };
    }

    private static DateTime Step(PartitionGrain grain, DateTime start, int count) => grain switch
    {
        PartitionGrain.Hourly => start.AddHours(count),
        PartitionGrain.Daily => start.AddDays(count),
        PartitionGrain.Weekly => start.AddDays(7 * count),
        _ => start.AddMonths(count),
    };

    private static DateTimeOffset Utc(PartitionsDefinition definition, DateTime local)
    {
        // A wall-clock time skipped by a DST change has no instant; the partition starts when the clock jumps.
        var adjusted = definition.TimeZone.IsInvalidTime(local) ? local.AddHours(1) : local;
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(adjusted, DateTimeKind.Unspecified), definition.TimeZone), TimeSpan.Zero);
    }
}
