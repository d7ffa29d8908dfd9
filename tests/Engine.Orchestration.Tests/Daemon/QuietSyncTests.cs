using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Engine.Orchestration.Tests.Daemon;

/// <summary>A CDC sync that applied nothing is no new data: the eager model below the source is not rebuilt, and a sync with a change rebuilds it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class QuietSyncTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_tick_after_a_quiet_sync_rebuilds_nothing_and_after_a_sync_with_changes_rebuilds_the_eager_model()
    {
        var staging = await postgres.CreateDatabaseAsync("quiet_staging");
        var slot = "quiet_" + Guid.NewGuid().ToString("N")[..16];
        await Sql.ExecuteAsync(staging, "create table events (id int primary key, v text); insert into events values (1, 'a')");
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsCdcSources(new NpgsqlConnectionStringBuilder(staging).Database!, slot),
            ["models/summary.sql"] = "{{ config { materialized: 'table', automation: 'eager' } }}\nselect count(*) as n from {{ source('app', 'events') }}",
        }, "steps: [sync, build]");
        try
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));
            await RunAsync(project, clock, steps: null);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Empty((await project.TickAsync(clock)).Runs);

            // Nothing changed in staging: the sync applies nothing, and the eager model stays as it is.
            clock.Advance(TimeSpan.FromMinutes(1));
            var quiet = await RunAsync(project, clock, SyncStep.StepName);
            Assert.Equal(0, quiet.Done.Single().Sync!.Single().Applied.Total);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Empty((await project.TickAsync(clock)).Runs);

            // A change: the sync applies it, and the tick rebuilds summary, which now counts two events.
            await Sql.ExecuteAsync(staging, "insert into events values (2, 'b')");
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, (await RunAsync(project, clock, SyncStep.StepName)).Done.Single().Sync!.Single().Applied.Inserted);
            clock.Advance(TimeSpan.FromMinutes(1));
            var run = Assert.Single((await project.TickAsync(clock)).Runs);
            Assert.Equal(["model.t.summary"], run.Outcome.Build!.Results.Select(r => r.Node.UniqueId).ToArray());
            Assert.Equal(2L, await Sql.ScalarAsync(project.ConnectionString, "select n from analytics.summary"));
        }
        finally
        {
            await Sql.ExecuteAsync(staging, $"select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '{slot}'");
        }
    }

    private static async Task<PipelineOutcome> RunAsync(OrchestrationProject project, TimeProvider clock, string? steps)
    {
        var options = steps is null ? new PipelineOptions() : new PipelineOptions { Steps = [new(steps, Core.Diagnostics.SourceLocation.File("pipeline.yml"))] };
        var outcome = await project.RecordedRunAsync(clock, options);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Done.Select(s => $"{s.Name}: {s.Detail}")));
        return outcome;
    }
}
