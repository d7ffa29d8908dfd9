using System.Text.Json;
using Engine.TestSupport;
using Engine.Web.Tests.Browser;
using Engine.Web.Tests.Support;
using Json.Schema;
using Xunit;

namespace Engine.Web.Tests.Docs;

/// <summary>catalog.json from <c>engine docs generate</c>: valid against dbt's catalog v1 schema, with the warehouse's columns.</summary>
[Collection(SiteCollection.Name)]
public sealed class CatalogTests(StravaSite site)
{
    [Fact]
    public void The_catalog_is_valid_against_dbt_s_schema_and_holds_every_built_relation_s_columns()
    {
        // Vendored beside the manifest's schema; see its README for where it comes from.
        var schema = JsonSchema.FromFile(Path.Combine(RepositoryPaths.Root, "tests", "Engine.Runtime.Tests", "Artifacts", "Schemas", "catalog-v1.json"));
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(site.Target, "catalog.json")));
        var result = schema.Evaluate(catalog.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        var nodes = catalog.RootElement.GetProperty("nodes");
        var route = nodes.GetProperty("model.strava.fact_activity_route");
        Assert.Equal("BASE TABLE", route.GetProperty("metadata").GetProperty("type").GetString());
        Assert.Equal("text", route.GetProperty("columns").GetProperty("summary_polyline").GetProperty("type").GetString());
        Assert.Equal("VIEW", nodes.GetProperty("model.strava.bi_analysis").GetProperty("metadata").GetProperty("type").GetString());
        Assert.True(catalog.RootElement.GetProperty("sources").TryGetProperty("source.strava.strava.activities", out _));
        Assert.DoesNotContain(nodes.EnumerateObject(), n => n.Name.StartsWith("test.", StringComparison.Ordinal) || n.Name.StartsWith("exposure.", StringComparison.Ordinal));
    }
}
