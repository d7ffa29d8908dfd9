using System.Text.Json;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary><c>engine freshness</c> as a user calls it: sources and models, exit 1 past error_after, exit 2 for a bad policy.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FreshnessCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Freshness_reports_sources_and_models_and_exits_1_only_while_one_is_past_error_after()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli_fresh");
        await Sql.ExecuteAsync(connectionString, "create schema shop; create table shop.orders (amount int, loaded_at timestamptz); insert into shop.orders values (5, now())");
        using var project = Create(connectionString, "{count: 1, period: hour}");

        // The model was never built: past error_after.
        var never = EngineProcess.Run(project.Root, "freshness", "--project-dir", project.ProjectDir);
        Assert.True(never.ExitCode == 1, never.ToString());
        Assert.Contains("PASS  freshness of shop.orders", never.Stdout, StringComparison.Ordinal);
        Assert.Contains("ERROR freshness of model orders_total ... never built", never.Stdout, StringComparison.Ordinal);

        var run = EngineProcess.Run(project.Root, "run", "--project-dir", project.ProjectDir);
        Assert.True(run.ExitCode == 0, run.ToString());
        var fresh = EngineProcess.Run(project.Root, "freshness", "--project-dir", project.ProjectDir);
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains("PASS  freshness of model orders_total ... built ", fresh.Stdout, StringComparison.Ordinal);
        var status = EngineProcess.Run(project.Root, "status", "--project-dir", project.ProjectDir);
        Assert.Contains("pass (built ", status.Stdout, StringComparison.Ordinal);

        // The source's data gets old: the source fails, the model (built just now) still passes.
        await Sql.ExecuteAsync(connectionString, "update shop.orders set loaded_at = '2020-01-01'");
        var stale = EngineProcess.Run(project.Root, "freshness", "--project-dir", project.ProjectDir);
        Assert.True(stale.ExitCode == 1, stale.ToString());
        Assert.Contains("ERROR freshness of shop.orders", stale.Stdout, StringComparison.Ordinal);
        Assert.Contains("past error_after", stale.Stdout, StringComparison.Ordinal);
        Assert.Contains("PASS  freshness of model orders_total", stale.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freshness_output_json_lists_every_asset_with_its_status_and_keeps_the_exit_code()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli_fresh");
        await Sql.ExecuteAsync(connectionString, "create schema shop; create table shop.orders (amount int, loaded_at timestamptz); insert into shop.orders values (5, now() - interval '2 days')");
        using var project = Create(connectionString, "{count: 1, period: hour}");

        var result = EngineProcess.Run(project.Root, "freshness", "--output", "json", "--project-dir", project.ProjectDir);

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var assets = document.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["orders_total", "shop.orders"], assets.Keys.Order(StringComparer.Ordinal));
        var source = assets["shop.orders"];
        Assert.Equal(("source", "error"), (source.GetProperty("resource_type").GetString(), source.GetProperty("status").GetString()));
        Assert.InRange(source.GetProperty("max_loaded_at_time_ago_in_s").GetDouble(), 2 * 86400 - 600, 2 * 86400 + 600);
        Assert.InRange(source.GetProperty("overdue_s").GetDouble(), 86400 - 600, 86400 + 600);
        Assert.Equal(1, source.GetProperty("criteria").GetProperty("error_after").GetProperty("count").GetInt32());
        var model = assets["orders_total"];
        Assert.Equal(("model", "error"), (model.GetProperty("resource_type").GetString(), model.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("max_loaded_at").ValueKind);
    }

    [Fact]
    public async Task A_bad_model_freshness_is_a_located_error_and_exit_2()
    {
        using var project = Create(await postgres.CreateDatabaseAsync("cli_fresh"), "{count: 1, period: fortnight}");

        var result = EngineProcess.Run(project.Root, "freshness", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yml(15,37): error ENG1003: 'period' must be one of minute, hour, day, not 'fortnight'", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private static ProjectCopy Create(string connectionString, string errorAfter)
    {
        var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: cli
            {PostgresTarget.Yaml(connectionString)}
            steps: [build]
            models:
              +materialized: table
              +freshness:
                warn_after: {"{"}count: 30, period: minute{"}"}
                error_after: {errorAfter}
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
