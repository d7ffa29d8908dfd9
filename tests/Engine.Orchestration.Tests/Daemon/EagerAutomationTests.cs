using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Orchestration.Tests.Support;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Daemon;

/// <summary>The daemon's eager automation on the real database, on a fake clock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EagerAutomationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Eager_automation_rebuilds_exactly_the_eager_descendants_of_what_changed_and_nothing_else()
    {
        // upstream -> middle (eager) -> bottom (eager); other (eager) reads lonely, which does not change; manual is not eager.
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/upstream.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as id",
            ["models/lonely.sql"] = "{{ config { materialized: 'table' } }}\nselect 2 as id",
            ["models/middle.sql"] = "{{ config { materialized: 'table', automation: 'eager' } }}\nselect * from {{ ref('upstream') }}",
            ["models/bottom.sql"] = "{{ config { materialized: 'table', automation: 'eager' } }}\nselect * from {{ ref('middle') }}",
            ["models/other.sql"] = "{{ config { materialized: 'table', automation: 'eager' } }}\nselect * from {{ ref('lonely') }}",
            ["models/manual.sql"] = "{{ config { materialized: 'table' } }}\nselect * from {{ ref('upstream') }}",
        }, "steps: [build]");
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var observer = new RecordingPipelineObserver();
        await RunAsync(project.Open(), clock, observer);

        // Everything built at the same instant: nothing is due.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock, observer)).Runs);

        // upstream is rebuilt alone (forced: its SQL and inputs are unchanged, so a plain build would skip it): its eager
        // descendants are due, in one run; lonely's are not, nor the non-eager manual.
        clock.Advance(TimeSpan.FromMinutes(1));
        await RunAsync(ProjectSession.Open(project.Open().Options with { Select = ["upstream"] }, TestWarehouses.Registry), clock, observer, force: true);
        clock.Advance(TimeSpan.FromMinutes(1));
        var tick = await project.TickAsync(clock, observer);
        var run = Assert.Single(tick.Runs);
        Assert.True(run.Outcome.Succeeded);
        Assert.Equal(["model.t.bottom", "model.t.middle"], run.Outcome.Build!.Results.Select(r => r.Node.UniqueId).Order().ToArray());
        var store = (await StateStore.TryOpenAsync(project.Open(), clock, default))!;
        Assert.Equal(RunTrigger.Automation, (await store.ListRunsAsync(1, default))[0].Trigger);

        // Up to date again: the next tick runs nothing.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await project.TickAsync(clock, observer)).Runs);

        // A parent that was never built (dropped from the history) is missing: its eager child waits.
        await project.ExecuteAsync("DELETE FROM _engine.materializations WHERE asset = 'model.t.lonely'");
        await RunAsync(ProjectSession.Open(project.Open().Options with { Select = ["upstream"] }, TestWarehouses.Registry), clock, observer, force: true);
        clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = Assert.Single((await project.TickAsync(clock, observer)).Runs);
        Assert.DoesNotContain(waiting.Outcome.Build!.Results, r => r.Node.Name == "other");
    }

    private static async Task RunAsync(ProjectSession session, TimeProvider clock, RecordingPipelineObserver observer, bool force = false)
    {
        var options = new PipelineOptions { Build = new BuildOptions { SkipUnchanged = !force } };
        var outcome = await RunRecorder.RunAsync(session, options, new RunStart(RunTrigger.Manual, "run"), observer, clock, default);
        Assert.True(outcome.Succeeded);
    }
}
