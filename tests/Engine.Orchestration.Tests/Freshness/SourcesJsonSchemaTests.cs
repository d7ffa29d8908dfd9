using Engine.Orchestration.Freshness;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Engine.Orchestration.Tests.Freshness;

/// <summary>
/// sources.json is valid against dbt's published sources v3 schema (vendored from dbt-core 22c4b591, see
/// tests/Engine.Runtime.Tests/Artifacts/Schemas/README.md) with every status it can hold: pass, warn, error and a
/// runtime error, whose result has a different shape in the schema.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SourcesJsonSchemaTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Loaded = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sources_json_with_every_status_is_valid_against_dbts_schema()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: shop
                    schema: shop
                    loaded_at_field: loaded_at
                    tables:
                      - name: fresh
                        freshness: {warn_after: {count: 1, period: day}}
                      - name: late
                        freshness: {warn_after: {count: 1, period: hour}}
                      - name: stale
                        freshness: {error_after: {count: 30, period: minute}, filter: "loaded_at is not null"}
                      - name: broken
                        loaded_at_field: no_such_column
                        freshness: {error_after: {count: 1, period: day}}
                """,
            ["models/a.sql"] = "select 1 as x",
        });
        await project.ExecuteAsync("""
            create schema shop;
            create table shop.fresh (loaded_at timestamptz);
            create table shop.late (loaded_at timestamptz);
            create table shop.stale (loaded_at timestamptz);
            create table shop.broken (loaded_at timestamptz);
            insert into shop.fresh values (@at);
            insert into shop.late values (@at);
            insert into shop.stale values (@at);
            """, ("at", Loaded));
        var clock = new FakeTimeProvider(Loaded.AddHours(2));

        var results = await FreshnessChecker.CheckSourcesAsync(project.Open(), clock, default);
        var path = SourcesJsonWriter.Write(project.Root, results, clock.GetUtcNow(), TimeSpan.FromSeconds(1));

        Assert.Equal(
            [FreshnessStatus.Pass, FreshnessStatus.Warn, FreshnessStatus.Error, FreshnessStatus.RuntimeError],
            results.Select(r => r.Status));
        var errors = DbtArtifactSchema.Errors("sources-v3.json", path);
        Assert.True(errors.Count == 0, "sources.json is not valid against dbt's schema:\n" + string.Join("\n", errors.Take(50)));

        // The check itself can fail: without the required elapsed_time the same file is refused.
        var broken = Path.Combine(project.Root, "target", "broken-sources.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node.Remove("elapsed_time");
        File.WriteAllText(broken, node.ToJsonString());
        Assert.Contains(DbtArtifactSchema.Errors("sources-v3.json", broken), e => e.Contains("required", StringComparison.Ordinal));
    }
}
