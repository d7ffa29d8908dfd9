using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Staging;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

public sealed class ExtractWindowTests
{
    private static readonly DateTime Last = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void A_first_run_takes_everything_and_later_runs_start_a_lookback_before_the_newest_activity()
    {
        Assert.Equal([new ExtractWindow(null, null)], ExtractWindow.Plan(new ExtractRequest(), null, null, Week));
        Assert.Equal([new ExtractWindow(Last - Week, null)], ExtractWindow.Plan(new ExtractRequest(), Last, null, Week));
    }

    [Fact]
    public void A_partition_bounds_the_window_and_reaches_back_when_it_is_older_than_the_lookback()
    {
        var recent = new ExtractRequest { From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 1) };
        Assert.Equal([new ExtractWindow(Last - Week, new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc))], ExtractWindow.Plan(recent, Last, null, Week));

        var old = new ExtractRequest { From = new DateOnly(2025, 1, 1), To = new DateOnly(2025, 1, 31) };
        Assert.Equal(
            [new ExtractWindow(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 2, 1, 0, 0, 0, DateTimeKind.Utc))],
            ExtractWindow.Plan(old, Last, null, Week));
        Assert.Equal([new ExtractWindow(old.PartitionStart, old.PartitionEnd)], ExtractWindow.Plan(old with { FullRefresh = true }, Last, null, Week));
    }

    [Fact]
    public void An_interrupted_window_is_resumed_below_its_committed_pages_first()
    {
        var resume = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var open = new ExtractCheckpoint(1, null, null, resume, Complete: false, Pages: 3);
        Assert.Equal([new ExtractWindow(null, resume), new ExtractWindow(Last - Week, null)], ExtractWindow.Plan(new ExtractRequest(), Last, open, Week));

        // Nothing committed yet: one window covering both.
        var untouched = new ExtractCheckpoint(1, Last - TimeSpan.FromDays(30), null, null, Complete: false, Pages: 0);
        Assert.Equal([new ExtractWindow(Last - TimeSpan.FromDays(30), null)], ExtractWindow.Plan(new ExtractRequest(), Last, untouched, Week));

        // A full refresh ignores checkpoints; a complete one is not resumed.
        Assert.Equal([new ExtractWindow(null, null)], ExtractWindow.Plan(new ExtractRequest { FullRefresh = true }, Last, open, Week));
        Assert.Equal([new ExtractWindow(Last - Week, null)], ExtractWindow.Plan(new ExtractRequest(), Last, open with { Complete = true }, Week));
    }
}
