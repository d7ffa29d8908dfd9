using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;
using Engine.Orchestration.Status;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Freshness;

/// <summary>
/// Freshness of a source and of models (folder <c>+freshness</c> measured from the last successful build; a model's own
/// <c>freshness.column</c> measured from the column's newest value) on the real database, on a fake clock.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ModelFreshnessTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Source_and_model_freshness_move_pass_warn_error_and_back_to_pass_as_the_clock_and_the_data_move()
    {
        using var project = await CreateAsync();
        var clock = new FakeTimeProvider(Start);
        await BuildAsync(project, clock);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(
            [("app.events", FreshnessStatus.Pass), ("events_copy", FreshnessStatus.Pass), ("summary", FreshnessStatus.Pass)],
            (await CheckAsync(project, clock)).Select(r => (r.Name, r.Status)).ToArray());

        // 30 hours after the build and the data: past the 24-hour warn_after of all three, by 6 hours (7 for the data, an hour older).
        clock.Advance(TimeSpan.FromHours(29));
        var warn = await CheckAsync(project, clock);
        Assert.Equal(
            [("app.events", FreshnessStatus.Warn, TimeSpan.FromHours(7)), ("events_copy", FreshnessStatus.Warn, TimeSpan.FromHours(7)), ("summary", FreshnessStatus.Warn, TimeSpan.FromHours(6))],
            warn.Select(r => (r.Name, r.Status, r.Overdue)).ToArray());
        Assert.Equal(Start, warn.Single(r => r.Name == "summary").MaxLoadedAt);

        // 50 hours: past the 48-hour error_after.
        clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(
            [("app.events", FreshnessStatus.Error, TimeSpan.FromHours(3)), ("events_copy", FreshnessStatus.Error, TimeSpan.FromHours(3)), ("summary", FreshnessStatus.Error, TimeSpan.FromHours(2))],
            (await CheckAsync(project, clock)).Select(r => (r.Name, r.Status, r.Overdue)).ToArray());

        // Rebuilding alone freshens the model measured from its build, not the one measured from its data, nor the source.
        await BuildAsync(project, clock);
        Assert.Equal(
            [FreshnessStatus.Error, FreshnessStatus.Error, FreshnessStatus.Pass],
            (await CheckAsync(project, clock)).Select(r => r.Status).ToArray());

        // New data and a build: everything passes again, and status and the daemon's tick say so from the same evaluation.
        await project.ExecuteAsync("insert into app.events values (2, @at)", ("at", clock.GetUtcNow()));
        await BuildAsync(project, clock);
        Assert.All(await CheckAsync(project, clock), r => Assert.Equal((FreshnessStatus.Pass, TimeSpan.Zero), (r.Status, r.Age)));
        var status = await StatusReader.ReadAsync(project.Open(), clock, default);
        Assert.Equal(FreshnessStatus.Pass, status.Assets.Single(a => a.Name == "summary").Freshness?.Status);
        Assert.Null(status.Assets.Single(a => a.Name == "plain").Freshness);
        var tick = await project.TickAsync(clock);
        Assert.Equal(["app.events", "events_copy", "summary"], tick.Freshness.Select(r => r.Name).ToArray());
        Assert.Empty(tick.Runs);
    }

    [Fact]
    public async Task A_model_never_built_is_past_error_after_and_an_empty_column_is_a_runtime_error()
    {
        using var project = await CreateAsync();
        var clock = new FakeTimeProvider(Start);

        var results = await CheckAsync(project, clock);

        var summary = results.Single(r => r.Name == "summary");
        Assert.Equal((FreshnessStatus.Error, "never built"), (summary.Status, summary.Error));
        // events_copy does not exist yet: its column query fails, for it alone.
        Assert.Equal(FreshnessStatus.RuntimeError, results.Single(r => r.Name == "events_copy").Status);
        Assert.Equal(FreshnessStatus.Pass, results.Single(r => r.Name == "app.events").Status);
        Assert.DoesNotContain(await FreshnessChecker.CheckSourcesAsync(project.Open(), clock, default), r => !r.IsSource);
    }

    private static async Task<IReadOnlyList<FreshnessResult>> CheckAsync(OrchestrationProject project, TimeProvider clock)
    {
        var session = project.Open();
        return await FreshnessChecker.CheckAllAsync(session, await StateStore.TryOpenAsync(session, clock, default), clock, default);
    }

    private static async Task BuildAsync(OrchestrationProject project, TimeProvider clock)
    {
        var outcome = await project.RecordedRunAsync(clock);
        Assert.True(outcome.Succeeded);
    }

    private async Task<OrchestrationProject> CreateAsync()
    {
        var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: app
                    schema: app
                    loaded_at_field: loaded_at
                    freshness:
                      warn_after: {count: 24, period: hour}
                      error_after: {count: 2, period: day}
                    tables:
                      - name: events
                """,
            ["models/marts/summary.sql"] = "select count(*) as n from {{ source('app', 'events') }}",
            ["models/marts/events_copy.sql"] = "select * from {{ source('app', 'events') }}",
            ["models/marts/marts.yml"] = """
                version: 2
                models:
                  - name: events_copy
                    config:
                      freshness:
                        warn_after: {count: 1, period: day}
                        error_after: {count: 48, period: hour}
                        column: loaded_at
                """,
            ["models/plain.sql"] = "select 1 as x",
        }, """
            steps: [build]
            models:
              +materialized: table
              marts:
                +freshness:
                  warn_after: {count: 24, period: hour}
                  error_after: {count: 48, period: hour}
            """);
        await project.ExecuteAsync("create schema app; create table app.events (id int, loaded_at timestamptz); insert into app.events values (1, @at)", ("at", Start.AddHours(-1)));
        return project;
    }
}
