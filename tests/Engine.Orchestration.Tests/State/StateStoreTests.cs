using Engine.Orchestration.State;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Engine.Orchestration.Tests.State;

[Collection(PostgresCollection.Name)]
public sealed class StateStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_finished_run_keeps_its_steps_nodes_and_the_last_materialization_of_each_asset()
    {
        var (store, clock) = await NewStoreAsync();
        var owner = RunOwner.Current;
        var first = await store.StartRunAsync(new RunStart(RunTrigger.Manual, "run") { Steps = ["extract", "build"], PartitionKeys = ["2024-05-31"] }, owner, default);
        clock.Advance(TimeSpan.FromSeconds(42));
        await store.FinishRunAsync(first, new RunCompletion(RunStatus.Succeeded, null)
        {
            Steps = [new StepRecord("extract", "succeeded", TimeSpan.FromSeconds(2), "3 activities"), new StepRecord("build", "succeeded", TimeSpan.FromSeconds(40), "2 of 2 nodes built")],
            Nodes = [new NodeRecord("model.p.fact", "model", "dwh.fact", "success") { Rows = 7, StartedAt = Start, Elapsed = TimeSpan.FromSeconds(1) }],
            Assets = [new AssetResult("model.p.fact", string.Empty, "success", true) { Rows = 7 }],
        }, default);

        clock.Advance(TimeSpan.FromHours(1));
        var second = await store.StartRunAsync(new RunStart(RunTrigger.Schedule, "run") { Schedule = "daily" }, owner, default);
        await store.FinishRunAsync(second, new RunCompletion(RunStatus.Failed, "build: 1 failed")
        {
            Assets = [new AssetResult("model.p.fact", string.Empty, "error", false)],
        }, default);

        var runs = await store.ListRunsAsync(10, default);
        Assert.Equal([second, first], runs.Select(r => r.Id));
        Assert.Equal((RunStatus.Failed, RunTrigger.Schedule, "daily", "build: 1 failed"), (runs[0].Status, runs[0].Trigger, runs[0].Schedule, runs[0].Error));
        Assert.Equal(Start.AddSeconds(42), runs[1].FinishedAt);
        Assert.Equal(["2024-05-31"], runs[1].PartitionKeys.ToArray());

        var shown = await store.GetRunAsync(first, default);
        Assert.Equal(["extract", "build"], shown!.StepResults.Select(s => s.Name));
        Assert.Equal(7, Assert.Single(shown.Nodes).Rows);
        Assert.Null(await store.GetRunAsync(second + 1000, default));

        // The failed attempt is the latest materialization, but the last success stays the first run's.
        var fact = Assert.Single(await store.MaterializationsAsync(default));
        Assert.Equal(("error", second, Start.AddSeconds(42), 7L), (fact.Status, fact.RunId, fact.LastSuccessAt, fact.Rows));
    }

    [Fact]
    public async Task A_run_whose_process_is_gone_becomes_abandoned_and_a_live_one_stays_running()
    {
        var (store, clock) = await NewStoreAsync();
        var dead = new RunOwner(RunOwner.Current.Host, 999_999, Start);
        var live = RunOwner.Current;
        var elsewhere = new RunOwner("another-host", 12, Start);
        var deadRun = await store.StartRunAsync(new RunStart(RunTrigger.Manual, "run"), dead, default);
        var liveRun = await store.StartRunAsync(new RunStart(RunTrigger.Manual, "run"), live, default);
        var remoteRun = await store.StartRunAsync(new RunStart(RunTrigger.Manual, "run"), elsewhere, default);

        Assert.Equal([deadRun], (await store.MarkAbandonedAsync(live, RunOwner.IsAlive, default)).ToArray());

        // Another host's run is judged by its heartbeat alone: still fresh, then silent past the limit.
        clock.Advance(StateStore.StaleAfter);
        await store.HeartbeatAsync(liveRun, default);
        Assert.Empty(await store.MarkAbandonedAsync(live, RunOwner.IsAlive, default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([remoteRun], (await store.MarkAbandonedAsync(live, RunOwner.IsAlive, default)).ToArray());

        var runs = (await store.ListRunsAsync(10, default)).ToDictionary(r => r.Id);
        Assert.Equal(RunStatus.Abandoned, runs[deadRun].Status);
        Assert.Contains("pid 999999", runs[deadRun].Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, runs[liveRun].Status);
        Assert.Equal(RunStatus.Abandoned, runs[remoteRun].Status);
    }

    [Fact]
    public async Task Schedule_cursor_is_kept_per_schedule()
    {
        var (store, _) = await NewStoreAsync();
        Assert.Null(await store.LastTickAsync("daily", default));
        await store.SetLastTickAsync("daily", Start, default);
        await store.SetLastTickAsync("daily", Start.AddDays(1), default);
        Assert.Equal(Start.AddDays(1), await store.LastTickAsync("daily", default));
        Assert.Null(await store.LastTickAsync("hourly", default));
    }

    /// <summary>An open finds the store complete with one lookup; an object missing (a dropped index, a table a newer engine adds) sends it through the whole script.</summary>
    [Fact]
    public async Task A_store_missing_one_of_its_tables_or_indexes_gets_it_back_at_the_next_open()
    {
        var connectionString = await postgres.CreateDatabaseAsync("state");
        var store = new StateStore(connectionString, new FakeTimeProvider(Start));
        await store.EnsureSchemaAsync(default);
        await ExecuteAsync(connectionString, "DROP INDEX _engine.runs_running; DROP TABLE _engine.node_states");

        await store.EnsureSchemaAsync(default);

        Assert.Equal(true, await ExecuteAsync(connectionString, "SELECT to_regclass('_engine.runs_running') IS NOT NULL AND to_regclass('_engine.node_states') IS NOT NULL"));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task<(StateStore Store, FakeTimeProvider Clock)> NewStoreAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new StateStore(await postgres.CreateDatabaseAsync("state"), clock);
        await store.EnsureSchemaAsync(default);
        // Twice: a second command starting on an existing store must find it as it is.
        await store.EnsureSchemaAsync(default);
        return (store, clock);
    }
}
