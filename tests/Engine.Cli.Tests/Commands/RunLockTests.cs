using System.Diagnostics;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// One run of a project at a time, across processes: a second run waits (or exits 1 with --no-wait), a daemon drains on
/// SIGTERM, and a daemon killed with SIGKILL leaves nothing running for the next start.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RunLockTests(PostgresFixture postgres)
{
    /// <summary>
    /// Waits for the test's <see cref="RunGate"/>: the run stays in progress until the test lets it finish, however long
    /// the other processes take to start (a fixed pg_sleep let a slow machine see the run end first).
    /// </summary>
    private static readonly string SlowModel = "{{ config { materialized: 'table' } }}\nselect 1 as done from (select pg_advisory_xact_lock_shared(" + RunGate.Key + ")) as gate";

    [Fact]
    public async Task Two_runs_at_once_do_not_interleave_the_second_waits_and_no_wait_exits_1()
    {
        var (project, warehouse) = await CreateAsync(string.Empty);
        using var _ = project;
        await using var gate = await RunGate.CloseAsync(warehouse);
        using var first = Start(project, "run");
        await WaitForRunningAsync(warehouse, first);

        var refused = EngineProcess.Run(project.Root, "run", "--no-wait", "--project-dir", project.ProjectDir);
        Assert.True(refused.ExitCode == 1, refused + "\n" + string.Join("\n", _output));
        var error = Assert.Single(refused.ErrorLines);
        Assert.StartsWith("error ENG1807: another run of project 'cli' is in progress (run 1, run, pid ", error, StringComparison.Ordinal);
        Assert.EndsWith("; not waiting for it (--no-wait)", error, StringComparison.Ordinal);

        using var second = Start(project, "run");
        var waiting = await WaitForLineAsync(second, "waiting for it to finish");
        Assert.Contains("is in progress (run 1, run, pid", waiting, StringComparison.Ordinal);
        await gate.OpenAsync();
        await first.WaitForExitAsync();
        Assert.Equal(0, first.ExitCode);
        await second.WaitForExitAsync();
        Assert.True(second.ExitCode == 0, string.Join("\n", _output));

        var spans = await Sql.ColumnAsync<DateTime>(warehouse, "SELECT t FROM _engine.runs, LATERAL (VALUES (started_at), (finished_at)) v (t) ORDER BY id, t");
        Assert.Equal(4, spans.Count);
        Assert.True(spans[1] <= spans[2], $"run 2 started at {spans[2]:O} before run 1 finished at {spans[1]:O}");
        Assert.Equal(["succeeded", "succeeded"], await Sql.ColumnAsync<string>(warehouse, "SELECT status FROM _engine.runs ORDER BY id"));
    }

    [Fact]
    public async Task A_daemon_killed_with_sigkill_mid_run_is_recovered_by_the_next_start_and_sigterm_drains_the_run_in_progress()
    {
        var (project, warehouse) = await CreateAsync("""
            schedules:
              - name: often
                cron: "* * * * *"
                steps: [build]
                catch_up: latest
            """);
        using var _ = project;
        await SeedMissedTickAsync(project, warehouse);

        await using (await RunGate.CloseAsync(warehouse))
        using (var daemon = Start(project, "daemon"))
        {
            await WaitForRunningAsync(warehouse, daemon);
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }

        Assert.Equal(["running"], await Sql.ColumnAsync<string>(warehouse, "SELECT status FROM _engine.runs ORDER BY id"));
        var restarted = EngineProcess.Run(project.Root, "daemon", "--once", "--project-dir", project.ProjectDir);
        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        // The killed run is abandoned, and its tick (the cursor had not moved) ran again.
        Assert.Equal(["abandoned", "succeeded"], await Sql.ColumnAsync<string>(warehouse, "SELECT status FROM _engine.runs ORDER BY id"));

        await SeedMissedTickAsync(project, warehouse);
        // The model was built by the run above: unchanged, the next run would skip it as up to date, never reach the gate
        // and finish between two polls for a running run. New SQL makes the drained run build it, held at the gate.
        project.Write("models/slow.sql", SlowModel.Replace("select 1 as done", "select 2 as done", StringComparison.Ordinal));
        await using (var gate = await RunGate.CloseAsync(warehouse))
        using (var daemon = Start(project, "daemon"))
        {
            await WaitForRunningAsync(warehouse, daemon);
            using (var term = Process.Start("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            // The run in progress is held until the stop has been asked for; draining lets it finish.
            await gate.OpenAsync();
            Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(60)), "the daemon did not stop after SIGTERM");
            Assert.Equal(0, daemon.ExitCode);
        }

        // Drained: the run in progress finished and was recorded as succeeded, not cancelled.
        var statuses = await Sql.ColumnAsync<string>(warehouse, "SELECT status FROM _engine.runs ORDER BY id");
        Assert.True(statuses.SequenceEqual(["abandoned", "succeeded", "succeeded"]), string.Join(", ", statuses) + "\n" + string.Join("\n", _output));
        // Built, not skipped as up to date: the run the test held at the gate is the one that was drained.
        Assert.Equal(["success"], await Sql.ColumnAsync<string>(warehouse, "SELECT status FROM _engine.node_results WHERE run_id = (SELECT max(id) FROM _engine.runs) AND resource_type = 'model'"));
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private Process Start(ProjectCopy project, string verb)
    {
        var process = EngineProcess.Start(project.Root, new Dictionary<string, string>(), verb, "--project-dir", project.ProjectDir);
        // The id is read once: the last lines can arrive after the test has disposed the process, and
        // reading Process.Id then throws on a thread-pool thread, which crashes the test host.
        var id = process.Id;
        process.OutputDataReceived += (_, e) => _output.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {id}: {e.Data}");
        process.ErrorDataReceived += (_, e) => _output.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {id} err: {e.Data}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The line of <paramref name="process"/>'s output that contains <paramref name="text"/>, once it has printed it.</summary>
    private async Task<string> WaitForLineAsync(Process process, string text)
    {
        string[] prefixes = [$" {process.Id}: ", $" {process.Id} err: "];
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = _output.FirstOrDefault(l => prefixes.Any(p => l.Contains(p, StringComparison.Ordinal)) && l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            Assert.False(process.HasExited, $"the engine exited without printing '{text}':\n" + string.Join("\n", _output));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"the engine did not print '{text}':\n" + string.Join("\n", _output));
            await Task.Delay(100);
        }
    }

    /// <summary>Makes the schedule's last evaluated tick ten minutes old, so the next tick runs the newest missed one.</summary>
    private static async Task SeedMissedTickAsync(ProjectCopy project, string warehouse)
    {
        var runs = EngineProcess.Run(project.Root, "runs", "--project-dir", project.ProjectDir);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.schedule_ticks VALUES ('often', now() - interval '10 minutes')
            ON CONFLICT (schedule) DO UPDATE SET last_tick = excluded.last_tick
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitForRunningAsync(string warehouse, Process process)
    {
        var clock = Stopwatch.StartNew();
        while ((await Sql.ColumnAsync<long>(warehouse, "SELECT count(*) FROM pg_tables WHERE schemaname = '_engine' AND tablename = 'runs'"))[0] == 0
            || (await Sql.ColumnAsync<long>(warehouse, "SELECT count(*) FROM _engine.runs WHERE status = 'running'"))[0] == 0)
        {
            Assert.False(process.HasExited, "the engine exited before its run started");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "no run started");
            await Task.Delay(100);
        }
    }

    private async Task<(ProjectCopy Project, string Warehouse)> CreateAsync(string orchestration)
    {
        var warehouse = await postgres.CreateDatabaseAsync("cli_lock");
        var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: cli
            {PostgresTarget.Yaml(warehouse)}
            steps: [build]
            {orchestration}
            """);
        project.Write("models/slow.sql", SlowModel);
        return (project, warehouse);
    }
}
