using System.Text.Json;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Freshness;

[Collection(PostgresCollection.Name)]
public sealed class FreshnessCheckerTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Loaded = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private const string Sources = """
        version: 2
        sources:
          - name: shop
            schema: shop
            loaded_at_field: loaded_at
            freshness:
              warn_after: {count: 36, period: hour}
              error_after: {count: 72, period: hour}
            tables:
              - name: orders
              - name: refunds
                freshness:
                  error_after: {count: 1, period: day}
                  filter: "kind = 'real'"
              - name: broken
                loaded_at_field: no_such_column
              - name: unchecked
                freshness: {}
        """;

    [Fact]
    public async Task Status_moves_pass_warn_error_and_back_to_pass_as_the_clock_and_the_data_move()
    {
        using var project = await CreateAsync();
        var clock = new FakeTimeProvider(Loaded.AddHours(1));

        Assert.Equal(FreshnessStatus.Pass, (await OrdersAsync(project, clock)).Status);
        clock.Advance(TimeSpan.FromHours(40));
        var warn = await OrdersAsync(project, clock);
        Assert.Equal((FreshnessStatus.Warn, TimeSpan.FromHours(41), TimeSpan.FromHours(5)), (warn.Status, warn.Age, warn.Overdue));
        clock.Advance(TimeSpan.FromHours(40));
        var error = await OrdersAsync(project, clock);
        Assert.Equal((FreshnessStatus.Error, TimeSpan.FromHours(9)), (error.Status, error.Overdue));

        await project.ExecuteAsync("insert into shop.orders values (@at)", ("at", clock.GetUtcNow()));
        var fresh = await OrdersAsync(project, clock);
        Assert.Equal((FreshnessStatus.Pass, TimeSpan.Zero), (fresh.Status, fresh.Age));
    }

    [Fact]
    public async Task Table_policy_and_filter_override_the_source_a_failing_query_is_a_runtime_error_and_sources_json_has_dbts_fields()
    {
        using var project = await CreateAsync();
        var clock = new FakeTimeProvider(Loaded.AddHours(30));
        var session = project.Open();

        var results = await FreshnessChecker.CheckSourcesAsync(session, clock, default);

        var byTable = results.ToDictionary(r => r.UniqueId.Split('.')[^1]);
        Assert.Equal(["orders", "refunds", "broken"], results.Select(r => r.UniqueId.Split('.')[^1]));
        Assert.Equal(FreshnessStatus.Pass, byTable["orders"].Status);
        // The 'test' refund is newer, but the filter keeps only real ones: 30 hours old, past a one-day error_after.
        Assert.Equal((FreshnessStatus.Error, Loaded), (byTable["refunds"].Status, byTable["refunds"].MaxLoadedAt));
        Assert.Equal(FreshnessStatus.RuntimeError, byTable["broken"].Status);
        Assert.Contains("no_such_column", byTable["broken"].Error, StringComparison.Ordinal);

        var path = SourcesJsonWriter.Write(project.Root, results, clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("https://schemas.getdbt.com/dbt/sources/v3.json", json.RootElement.GetProperty("metadata").GetProperty("dbt_schema_version").GetString());
        var refunds = json.RootElement.GetProperty("results")[1];
        Assert.Equal("source.t.shop.refunds", refunds.GetProperty("unique_id").GetString());
        Assert.Equal("error", refunds.GetProperty("status").GetString());
        Assert.Equal("2024-06-01T08:00:00.000000Z", refunds.GetProperty("max_loaded_at").GetString());
        Assert.Equal(30 * 3600, refunds.GetProperty("max_loaded_at_time_ago_in_s").GetDouble());
        Assert.Equal(1, refunds.GetProperty("criteria").GetProperty("error_after").GetProperty("count").GetInt32());
        Assert.Equal("kind = 'real'", refunds.GetProperty("criteria").GetProperty("filter").GetString());
        foreach (var field in new[] { "snapshotted_at", "adapter_response", "timing", "thread_id", "execution_time" })
        {
            Assert.True(refunds.TryGetProperty(field, out _), field);
        }

        Assert.Equal("runtime error", json.RootElement.GetProperty("results")[2].GetProperty("status").GetString());
    }

    private static async Task<FreshnessResult> OrdersAsync(OrchestrationProject project, TimeProvider clock) =>
        (await FreshnessChecker.CheckSourcesAsync(project.Open(), clock, default)).Single(r => r.UniqueId.EndsWith(".orders", StringComparison.Ordinal));

    private async Task<OrchestrationProject> CreateAsync()
    {
        var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = Sources,
            ["models/a.sql"] = "select 1 as x",
        });
        await project.ExecuteAsync("""
            create schema shop;
            create table shop.orders (loaded_at timestamptz);
            create table shop.refunds (loaded_at timestamptz, kind text);
            create table shop.broken (loaded_at timestamptz);
            create table shop.unchecked (loaded_at timestamptz);
            insert into shop.orders values (@at);
            insert into shop.refunds values (@at, 'real'), (@at + interval '29 hours', 'test');
            """, ("at", Loaded));
        return project;
    }
}
