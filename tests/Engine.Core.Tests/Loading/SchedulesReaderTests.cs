using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class SchedulesReaderTests
{
    [Fact]
    public void Partitions_and_schedules_become_typed_records()
    {
        using var project = Project("""
            partitions:
              daily:
                start: 2024-01-01
              shop_hours:
                type: hourly
                start: 2024-03-01 06:00
                timezone: Europe/Amsterdam
                end_offset: 1
            schedules:
              - name: nightly
                cron: "0 3 * * *"
                timezone: Europe/Amsterdam
                steps: [extract, build]
                select: [tag:dwh]
                partitions: daily
                catch_up: all
                catch_up_window: 2d
              - name: hourly_build
                cron: "@hourly"
            """);

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        Assert.Empty(diagnostics);
        var o = definition!.Config.Orchestration;
        var daily = o.Partitions["daily"];
        Assert.Equal(PartitionGrain.Daily, daily.Grain);
        Assert.Equal(new DateTime(2024, 1, 1), daily.Start);
        Assert.Equal(TimeZoneInfo.Utc, daily.TimeZone);
        var hours = o.Partitions["shop_hours"];
        Assert.Equal((PartitionGrain.Hourly, 1, "Europe/Amsterdam"), (hours.Grain, hours.EndOffset, hours.TimeZone.Id));
        Assert.Equal(new DateTime(2024, 3, 1, 6, 0, 0), hours.Start);

        var nightly = o.Schedules[0];
        Assert.Equal(["extract", "build"], nightly.Steps.Select(s => s.Name));
        Assert.Equal(["tag:dwh"], nightly.Select.ToArray());
        Assert.Equal(("daily", SchedulePartition.Previous, CatchUp.All, TimeSpan.FromDays(2)), (nightly.Partitions, nightly.Partition, nightly.CatchUp, nightly.CatchUpWindow));
        Assert.Equal(11, nightly.Location.Line);
        var hourly = o.Schedules[1];
        Assert.Equal((SchedulePartition.None, CatchUp.Latest), (hourly.Partition, hourly.CatchUp));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 11, 0, 0, TimeSpan.Zero), hourly.TicksAfter(new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.Zero)).First());
    }

    [Fact]
    public void Daily_ticks_in_a_zone_with_daylight_saving_keep_their_wall_clock_time()
    {
        using var project = Project("""
            schedules:
              - name: nightly
                cron: "0 3 * * *"
                timezone: Europe/Amsterdam
            """);

        var (definition, _) = ProjectPipeline.Load(project);
        var ticks = definition!.Config.Orchestration.Schedules[0].TicksAfter(new DateTimeOffset(2024, 3, 29, 12, 0, 0, TimeSpan.Zero)).Take(3).ToList();

        // 03:00 in Amsterdam is 02:00 UTC before the change on 31 March 2024, 01:00 UTC after it.
        Assert.Equal(
            [new DateTimeOffset(2024, 3, 30, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 31, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 4, 1, 1, 0, 0, TimeSpan.Zero)],
            ticks);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_its_line()
    {
        using var project = Project("""
            partitions:
              days:
                type: dayly
                start: 2024-13-01
                timezone: Mars/Olympus
            schedules:
              - name: nightly
                cron: "0 25 * * *"
                partitions: dialy
                catch_up: sometimes
                catch_up_window: forever
              - name: nightly
                cron: "@daily"
              - cron: "@daily"
            """);

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var file = project.PathOf("pipeline.yml");
        var partitions = diagnostics.Where(d => d.Code == DiagnosticCodes.PartitionsInvalid).ToList();
        Assert.Equal([4, 5], partitions.Select(d => d.Location!.Line));
        Assert.Contains("did you mean 'daily'?", partitions[0].Message, StringComparison.Ordinal);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.TimeZoneUnknown, file, 6, 15);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.CronInvalid, file, 9, 11);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.ScheduleInvalid, file, 10, 17);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, file, 13);
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingKey, file, 15);
        var invalid = diagnostics.Where(d => d.Code == DiagnosticCodes.InvalidValue).Select(d => d.Location!.Line).Order().ToList();
        Assert.Equal([11, 12], invalid);
    }

    private static TempProject Project(string orchestration) => new(new Dictionary<string, string>
    {
        ["pipeline.yml"] = "name: t\n" + orchestration + "\n",
        ["models/a.sql"] = "select 1 as x",
    });
}
