using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;
using Engine.Orchestration.Status;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Daemon;

/// <summary>
/// Issue 12's "done when": a tick right after a run finds every asset fresh and runs nothing; a day later on the fake
/// clock a tick runs the next daily partition and the eager model downstream, and status, the run history and source
/// freshness show it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DoneWhenTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_tick_after_a_run_runs_nothing_and_a_day_later_runs_the_next_partition_and_the_eager_downstream()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: app
                    schema: app
                    loaded_at_field: loaded_at
                    freshness:
                      error_after: {count: 24, period: hour}
                    tables:
                      - name: events
                """,
            ["models/daily_events.sql"] = """
                {{ config { materialized: 'incremental', incremental_strategy: 'append' } }}
                select '{{ partition.key }}' as partition_key, count(*) as n from {{ source('app', 'events') }}
                """,
            ["models/summary.sql"] = "{{ config { materialized: 'table', automation: 'eager' } }}\nselect count(*) as partitions from {{ ref('daily_events') }}",
        }, """
            steps: [build]
            partitions:
              daily:
                start: 2024-01-01
            schedules:
              - name: nightly
                cron: "0 1 * * *"
                steps: [build]
                select: [daily_events]
                partitions: daily
            """);
        await project.ExecuteAsync("create schema app; create table app.events (id int, loaded_at timestamptz); insert into app.events values (1, @at)", ("at", Start.AddHours(-1)));
        var clock = new FakeTimeProvider(Start);
        var observer = new RecordingPipelineObserver();
        Assert.True((await project.RecordedRunAsync(clock, observer: observer)).Succeeded);

        var first = await project.TickAsync(clock, observer);
        Assert.Empty(first.Runs);
        Assert.All(first.Freshness, f => Assert.Equal(FreshnessStatus.Pass, f.Status));

        // A day later, new data arrived; the nightly tick at 01:00 runs partition 2024-06-01, then summary (eager) follows.
        clock.Advance(TimeSpan.FromDays(1));
        await project.ExecuteAsync("insert into app.events values (2, @at)", ("at", clock.GetUtcNow().AddHours(-2)));
        var next = await project.TickAsync(clock, observer);
        Assert.Equal([("nightly", "2024-06-01"), ("automation eager", null)], next.Runs.Select(r => (r.Schedule, r.PartitionKey)).ToArray());
        Assert.All(next.Runs, r => Assert.True(r.Outcome.Succeeded));
        Assert.Equal(["model.t.summary"], next.Runs[1].Outcome.Build!.Results.Select(r => r.Node.UniqueId).ToArray());
        Assert.All(next.Freshness, f => Assert.Equal(FreshnessStatus.Pass, f.Status));

        var session = project.Open();
        var runs = await (await StateStore.TryOpenAsync(session, clock, default))!.ListRunsAsync(10, default);
        Assert.Equal([(RunTrigger.Automation, ""), (RunTrigger.Schedule, "2024-06-01"), (RunTrigger.Manual, "")],
            runs.Select(r => (r.Trigger, string.Join(",", r.PartitionKeys))).ToArray());
        var status = await StatusReader.ReadAsync(session, clock, default);
        Assert.Equal(clock.GetUtcNow(), Assert.Single(status.Assets, a => a.Name == "summary").Last?.LastSuccessAt);
        Assert.Equal(runs[1].Id, status.Assets.Single(a => a.Name == "daily_events").Last?.RunId);
        Assert.Equal(FreshnessStatus.Pass, Assert.Single(status.Assets, a => a.Type == Core.Project.ResourceType.Source).Freshness?.Status);

        // Nothing left to do.
        Assert.Empty((await project.TickAsync(clock, observer)).Runs);
    }
}
