using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using Engine.Orchestration.Partitions;
using Xunit;

namespace Engine.Orchestration.Tests.Partitions;

public sealed class PartitionWindowTests
{
    [Fact]
    public void The_last_closed_daily_partition_is_yesterday_and_end_offset_shifts_it()
    {
        var now = new DateTimeOffset(2024, 3, 10, 0, 30, 0, TimeSpan.Zero);

        var last = PartitionWindow.LastClosedAt(Definition(PartitionGrain.Daily, TimeZoneInfo.Utc), now)!;
        Assert.Equal(("2024-03-09", new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero)), (last.Key, last.Start, last.End));
        Assert.Equal("2024-03-10", PartitionWindow.LastClosedAt(Definition(PartitionGrain.Daily, TimeZoneInfo.Utc) with { EndOffset = 1 }, now)!.Key);
        Assert.Null(PartitionWindow.LastClosedAt(Definition(PartitionGrain.Daily, TimeZoneInfo.Utc), new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_day_in_a_zone_with_daylight_saving_lasts_23_hours_on_the_change()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var window = PartitionWindow.LastClosedAt(Definition(PartitionGrain.Daily, amsterdam), new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero))!;

        Assert.Equal("2024-03-31", window.Key);
        Assert.Equal(TimeSpan.FromHours(23), window.End - window.Start);
        Assert.Equal(new DateTimeOffset(2024, 3, 30, 23, 0, 0, TimeSpan.Zero), window.Start);
    }

    [Fact]
    public void Hourly_weekly_and_monthly_keys()
    {
        var now = new DateTimeOffset(2024, 5, 15, 10, 20, 0, TimeSpan.Zero);
        Assert.Equal("2024-05-15-09:00", PartitionWindow.LastClosedAt(Definition(PartitionGrain.Hourly, TimeZoneInfo.Utc), now)!.Key);
        // 2024-01-01 is a Monday: weeks run Monday to Monday.
        Assert.Equal("2024-05-06", PartitionWindow.LastClosedAt(Definition(PartitionGrain.Weekly, TimeZoneInfo.Utc), now)!.Key);
        Assert.Equal("2024-04-01", PartitionWindow.LastClosedAt(Definition(PartitionGrain.Monthly, TimeZoneInfo.Utc), now)!.Key);
        Assert.Equal("2024-05-13", PartitionWindow.Containing(Definition(PartitionGrain.Weekly, TimeZoneInfo.Utc), now)!.Key);
    }

    private static PartitionsDefinition Definition(PartitionGrain grain, TimeZoneInfo zone) =>
        new("p", grain, new DateTime(2024, 1, 1), zone, 0, SourceLocation.File("pipeline.yml"));
}
