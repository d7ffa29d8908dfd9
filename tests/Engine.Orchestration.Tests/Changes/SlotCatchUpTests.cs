using Engine.Orchestration.Steps;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Orchestration.Tests.Changes;

/// <summary>
/// A run whose build wrote much WAL on the staging database's server ends with the slot past it: the next run's sync does
/// not decode the build's WAL, and the server may recycle it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SlotCatchUpTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_run_whose_build_wrote_more_wal_than_the_limit_leaves_the_slot_near_the_server_end()
    {
        var staging = await postgres.CreateDatabaseAsync("catchup_staging");
        var slot = "catchup_" + Guid.NewGuid().ToString("N")[..16];
        await Sql.ExecuteAsync(staging, "create table events (id int primary key, v text); insert into events values (1, 'a')");
        var rows = (SyncStep.CatchUpLimit / 1000) + 20_000; // about 1 kB a row: the table alone writes more WAL than the limit
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsCdcSources(new NpgsqlConnectionStringBuilder(staging).Database!, slot),
            ["models/padded.sql"] = "{{ config { materialized: 'table' } }}\n" +
                $"select e.id, g, repeat(md5(g::text), 30) as pad from {{{{ source('app', 'events') }}}} e cross join generate_series(1, {rows}) g",
        }, "steps: [sync, build]");
        try
        {
            var observer = new RecordingPipelineObserver();
            var outcome = await project.RecordedRunAsync(TimeProvider.System, observer: observer);
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Done.Select(s => $"{s.Name}: {s.Detail}")));

            var lag = await Sql.ScalarAsync(staging, $"select (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint from pg_replication_slots where slot_name = '{slot}'");
            Assert.True(lag < SyncStep.CatchUpLimit / 4, $"the slot lags the server by {lag:N0} bytes after the run");
            var retained = await Sql.ScalarAsync(staging, $"select (pg_current_wal_lsn() - restart_lsn)::bigint from pg_replication_slots where slot_name = '{slot}'");
            Assert.True(retained < SyncStep.CatchUpLimit / 2, $"the slot keeps {retained:N0} bytes of WAL after the run");
            Assert.Contains(observer.Notices, n => n.Contains("sync of source 'app' read past", StringComparison.Ordinal));

            // A run with nothing new builds nothing and leaves the slot near the end: it does not drain a second time.
            var quiet = new RecordingPipelineObserver();
            var second = await project.RecordedRunAsync(TimeProvider.System, observer: quiet);
            Assert.True(second.Succeeded, string.Join("; ", second.Done.Select(s => $"{s.Name}: {s.Detail}")));
            Assert.Equal(0, second.Done.Single(s => s.Name == SyncStep.StepName).Sync!.Single().Applied.Total);
            Assert.DoesNotContain(quiet.Notices, n => n.Contains("read past", StringComparison.Ordinal));
        }
        finally
        {
            await Sql.ExecuteAsync(staging, $"select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '{slot}'");
        }
    }
}
