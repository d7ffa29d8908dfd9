using Engine.Orchestration.Tests.Support;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Daemon;

/// <summary>The daemon's <c>on_missing</c> and <c>on_cron</c> automation on the real database, on a fake clock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AutomationConditionTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task On_missing_builds_a_model_never_materialized_once_its_parents_exist_and_then_never_again()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/upstream.sql"] = "select 1 as id",
            ["models/fill.sql"] = "{{ config { automation: 'on_missing' } }}\nselect * from {{ ref('upstream') }}",
            ["models/absent.sql"] = "select 2 as id",
            ["models/waits.sql"] = "{{ config { automation: 'on_missing' } }}\nselect * from {{ ref('absent') }}",
        }, "steps: [build]\nmodels:\n  +materialized: table");
        var clock = new FakeTimeProvider(Start);
        await BuildAsync(project, clock, "upstream");

        clock.Advance(TimeSpan.FromMinutes(1));
        var run = Assert.Single((await project.TickAsync(clock)).Runs);
        Assert.Equal("automation on_missing", run.Schedule);
        // fill's parent exists; waits' parent (absent) was never built, so it waits.
        Assert.Equal(["model.t.fill"], run.Outcome.Build!.Results.Select(r => r.Node.UniqueId).ToArray());

        // Materialized now: new data upstream does not rebuild it (that is eager's job).
        clock.Advance(TimeSpan.FromMinutes(1));
        await BuildAsync(project, clock, "upstream");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock)).Runs);

        // Once absent is built, waits is missing with its parents present: built once.
        await BuildAsync(project, clock, "absent");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["model.t.waits"], Assert.Single((await project.TickAsync(clock)).Runs).Outcome.Build!.Results.Select(r => r.Node.UniqueId).ToArray());
        Assert.Empty((await project.TickAsync(clock)).Runs);
    }

    [Fact]
    public async Task On_cron_builds_after_its_tick_once_every_parent_was_updated_since_the_tick_and_once_per_tick()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/upstream.sql"] = "select 1 as id",
            ["models/report.sql"] = "select * from {{ ref('upstream') }}",
            ["models/report.yml"] = """
                version: 2
                models:
                  - name: report
                    config:
                      automation:
                        on_cron: "0 6 * * *"
                        timezone: Europe/Amsterdam
                """,
        }, "steps: [build]\nmodels:\n  +materialized: table");
        var clock = new FakeTimeProvider(Start);
        await BuildAsync(project, clock);

        // Built at 12:00 UTC, after the day's 06:00 Amsterdam tick (04:00 UTC): handled.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock)).Runs);

        // The next day at 05:00 UTC the 04:00 UTC tick has passed, but upstream was not updated since: report waits.
        clock.SetUtcNow(new DateTimeOffset(2024, 6, 2, 5, 0, 0, TimeSpan.Zero));
        Assert.Empty((await project.TickAsync(clock)).Runs);

        // upstream updated after the tick: report is built, once.
        await BuildAsync(project, clock, "upstream");
        clock.Advance(TimeSpan.FromMinutes(1));
        var run = Assert.Single((await project.TickAsync(clock)).Runs);
        Assert.Equal(("automation on_cron", true), (run.Schedule, run.Outcome.Succeeded));
        Assert.Equal(["model.t.report"], run.Outcome.Build!.Results.Select(r => r.Node.UniqueId).ToArray());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock)).Runs);

        // More upstream changes before the next tick change nothing: on_cron builds once per tick.
        clock.Advance(TimeSpan.FromHours(3));
        await BuildAsync(project, clock, "upstream");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock)).Runs);
    }

    private static async Task BuildAsync(OrchestrationProject project, TimeProvider clock, params string[] select)
    {
        var session = select.Length == 0 ? project.Open() : ProjectSession.Open(project.Open().Options with { Select = [.. select] }, TestWarehouses.Registry);
        var outcome = await project.RecordedRunAsync(clock, session: session);
        Assert.True(outcome.Succeeded);
    }
}
