using System.Text.Json;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// engine run, runs, runs show, source freshness and schedule ls as a user calls them, against a fresh database of
/// the test cluster.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OrchestrationCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_run_is_listed_shown_and_a_stale_source_fails_freshness()
    {
        using var project = await CreateAsync("""
            schedules:
              - name: nightly
                cron: "30 2 * * *"
                timezone: Europe/Amsterdam
            """);

        var run = EngineProcess.Run(project.Root, "run", "--project-dir", project.ProjectDir);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("recorded as run 1 (engine runs show 1)", run.Stdout, StringComparison.Ordinal);

        var runs = EngineProcess.Run(project.Root, "runs", "--output", "json", "--project-dir", project.ProjectDir);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        using (var json = JsonDocument.Parse(runs.Stdout))
        {
            var only = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
            Assert.Equal(("succeeded", "manual", 1L), (only.GetProperty("status").GetString(), only.GetProperty("trigger").GetString(), only.GetProperty("id").GetInt64()));
        }

        var show = EngineProcess.Run(project.Root, "runs", "show", "1", "--project-dir", project.ProjectDir);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("model.cli.orders_total", show.Stdout, StringComparison.Ordinal);

        var missing = EngineProcess.Run(project.Root, "runs", "show", "99", "--project-dir", project.ProjectDir);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("ENG1806", missing.Stderr, StringComparison.Ordinal);

        // The only order is from 2020: far past error_after.
        var freshness = EngineProcess.Run(project.Root, "source", "freshness", "--project-dir", project.ProjectDir);
        Assert.Equal(1, freshness.ExitCode);
        Assert.Contains("ERROR freshness of shop.orders", freshness.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project.ProjectDir, "target", "sources.json")));

        var schedules = EngineProcess.Run(project.Root, "schedule", "ls", "--project-dir", project.ProjectDir);
        Assert.True(schedules.ExitCode == 0, schedules.ToString());
        Assert.Contains("02:30 Europe/Amsterdam)", schedules.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_cron_is_a_located_error_and_exit_2()
    {
        using var project = await CreateAsync("""
            schedules:
              - name: nightly
                cron: "every night"
            """);

        var result = EngineProcess.Run(project.Root, "schedule", "ls", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yml(13,11): error ENG1803", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private async Task<ProjectCopy> CreateAsync(string orchestration)
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli_orch");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("create schema shop; create table shop.orders (amount int, loaded_at timestamptz); insert into shop.orders values (5, '2020-01-01')", connection);
            await command.ExecuteNonQueryAsync();
        }

        var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: cli
            {PostgresTarget.Yaml(connectionString)}
            steps: [build]
            {orchestration}
            """);
        project.Write("sources.yml", """
            version: 2
            sources:
              - name: shop
                loaded_at_field: loaded_at
                freshness:
                  error_after: {count: 1, period: day}
                tables:
                  - name: orders
            """);
        project.Write("models/orders_total.sql", "select sum(amount) as total from {{ source('shop', 'orders') }}");
        return project;
    }
}
