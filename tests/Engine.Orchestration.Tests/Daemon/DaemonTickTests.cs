using Engine.Orchestration.State;
using Engine.Orchestration.Status;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Daemon;

[Collection(PostgresCollection.Name)]
public sealed class DaemonTickTests(PostgresFixture postgres)
{
    private const string Orchestration = """
        steps: [build]
        partitions:
          daily:
            start: 2024-01-01
        schedules:
          - name: nightly
            cron: "0 2 * * *"
            steps: [build]
            partitions: daily
            catch_up: latest
        """;

    [Fact]
    public async Task A_new_schedule_runs_nothing_then_a_day_later_runs_the_closed_partition_and_records_it()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/daily_total.sql"] = "select 42 as total",
        }, Orchestration);
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var observer = new RecordingPipelineObserver();

        var first = await project.TickAsync(clock, observer);
        Assert.True(Assert.Single(first.Schedules).FirstEvaluation);
        Assert.Empty(first.Runs);

        clock.Advance(TimeSpan.FromHours(6));
        Assert.Empty((await project.TickAsync(clock, observer)).Runs);

        // A day later, after downtime: two ticks were missed (02:00 on 2 and 3 June); catch_up latest runs the newest.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(10));
        var later = await project.TickAsync(clock, observer);
        var decision = Assert.Single(later.Schedules);
        Assert.Equal(2, decision.Due.Length);
        var run = Assert.Single(later.Runs);
        Assert.Equal(("2024-06-02", new DateTimeOffset(2024, 6, 3, 2, 0, 0, TimeSpan.Zero)), (run.PartitionKey, run.Tick));
        Assert.True(run.Outcome.Succeeded);

        var session = project.Open();
        var store = (await StateStore.TryOpenAsync(session, clock, default))!;
        var recorded = Assert.Single(await store.ListRunsAsync(10, default));
        Assert.Equal((RunTrigger.Schedule, "nightly", RunStatus.Succeeded), (recorded.Trigger, recorded.Schedule, recorded.Status));
        Assert.Equal(["2024-06-02"], recorded.PartitionKeys.ToArray());

        var status = await StatusReader.ReadAsync(session, clock, default);
        var model = Assert.Single(status.Assets, a => a.Name == "daily_total");
        Assert.Equal((run.Outcome.RunId, clock.GetUtcNow()), (model.Last?.RunId, model.Last?.LastSuccessAt));
        Assert.Equal(new DateTimeOffset(2024, 6, 4, 2, 0, 0, TimeSpan.Zero), Assert.Single(Assert.Single(status.Schedules).NextTicks));
    }
}
