using System.Diagnostics;
using System.Text.Json;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Build;

/// <summary>The build verbs end to end: the real engine process on examples/showcase, on a managed cluster.</summary>
public sealed class BuildCommandTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    [Fact]
    public async Task Build_runs_every_materialization_seed_snapshot_and_test_then_reruns_incrementally()
    {
        using var project = new ShowcaseCopy();
        var first = EngineProcess.Run(project.Root, home.Environment, "build", "--project-dir", project.Root);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("OK created sql incremental model marts.fct_orders", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK created sql materialized_view model marts.revenue_by_country", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK loaded seed file showcase.orders", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("WARN 2 customers_spend_something", first.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Done\. PASS=16 WARN=1 ERROR=0 SKIP=0 TOTAL=17", first.Stdout);

        // Nothing changed since the first build: by default every node is up to date; --no-skip-unchanged runs them all.
        var unchanged = EngineProcess.Run(project.Root, home.Environment, "build", "--project-dir", project.Root);
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Contains("SKIP (up to date) snapshot", unchanged.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"SKIP=0 TOTAL=17 UP_TO_DATE=\d+", unchanged.Stdout);

        var second = EngineProcess.Run(project.Root, home.Environment, "build", "--project-dir", project.Root, "--threads", "1", "--no-skip-unchanged");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("OK merge into sql incremental model marts.fct_orders", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK refreshed sql materialized_view model marts.revenue_by_country", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("[SNAPSHOT 0 in", second.Stdout, StringComparison.Ordinal);

        using var runResults = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Root, "target", "run_results.json")));
        var results = runResults.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(17, results.Count);
        var orders = results.Single(r => r.GetProperty("unique_id").GetString() == "model.showcase.fct_orders");
        Assert.Equal("success", orders.GetProperty("status").GetString());
        Assert.Equal("Thread-1", orders.GetProperty("thread_id").GetString());
        Assert.Equal("MERGE", orders.GetProperty("adapter_response").GetProperty("code").GetString());
        var warned = results.Single(r => r.GetProperty("unique_id").GetString()!.EndsWith("customers_spend_something", StringComparison.Ordinal));
        Assert.Equal("warn", warned.GetProperty("status").GetString());
        Assert.Equal(2, warned.GetProperty("failures").GetInt32());

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Root, "target", "manifest.json")));
        var node = manifest.RootElement.GetProperty("nodes").GetProperty("model.showcase.dim_customers");
        Assert.Equal("table", node.GetProperty("config").GetProperty("materialized").GetString());
        Assert.Equal(["model.showcase.stg_customers", "model.showcase.stg_orders"], node.GetProperty("depends_on").GetProperty("nodes").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("target/compiled/models/marts/dim_customers.sql", node.GetProperty("compiled_path").GetString());
        Assert.Equal(64, node.GetProperty("checksum").GetProperty("checksum").GetString()!.Length);
        Assert.True(manifest.RootElement.GetProperty("child_map").GetProperty("model.showcase.fct_orders").GetArrayLength() >= 2);
    }

    [Fact]
    public void A_failing_test_exits_1_skips_downstream_and_json_logs_one_event_per_line()
    {
        using var project = new ShowcaseCopy();
        project.Write("seeds/orders.csv", File.ReadAllText(Path.Combine(project.Root, "seeds", "orders.csv")) + "105,77,2024-06-05 10:00:00,5.00,shipped,2024-06-05 10:00:00\n");
        var result = EngineProcess.Run(project.Root, home.Environment, "build", "--project-dir", project.Root, "--log-format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var finished = events.Where(e => e.GetProperty("event").GetString() == "node_finished").ToDictionary(e => e.GetProperty("unique_id").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("fail", finished.Single(kv => kv.Key.Contains("relationships_stg_orders", StringComparison.Ordinal)).Value);
        Assert.Equal("skipped", finished["model.showcase.fct_orders"]);
        Assert.Equal("skipped", finished["model.showcase.revenue_by_country"]);
        Assert.Equal("run_finished", events[^1].GetProperty("event").GetString());
    }

    [Fact]
    public async Task A_killed_build_leaves_the_previous_table_and_all_its_rows()
    {
        using var project = new ShowcaseCopy();
        var first = EngineProcess.Run(project.Root, home.Environment, "build", "--project-dir", project.Root);
        Assert.True(first.ExitCode == 0, first.ToString());

        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(project.Database));
        await connection.OpenAsync();

        // A full refresh that sleeps inside its CREATE TABLE AS: killed there, it must leave the old table.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project.Root };
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "build", "--project-dir", project.Root, "--select", "fct_orders", "--full-refresh", "--vars", "{slow_seconds: 30}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ENGINE_HOME"] = home.Home;
        using var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync(connection, "select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the slow build never started");
            if (process.HasExited)
            {
                Assert.Fail("the build ended before it was killed: " + await process.StandardOutput.ReadToEndAsync());
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.Equal(5, await ScalarAsync(connection, "select count(*) from marts.fct_orders"));

        // The server ends the orphaned statement when it next talks to the dead client; do it now.
        await ScalarAsync(connection, "select count(pg_terminate_backend(pid)) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()");
        Assert.Equal(5, await ScalarAsync(connection, "select count(*) from marts.fct_orders"));
        // No half-built relation is left behind (the merge's index on the unique key, fct_orders__engine_key, stays with the table).
        Assert.Equal(0, await ScalarAsync(connection, "select count(*) from pg_class where relname like 'fct_orders__engine%' and relkind <> 'i'"));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
