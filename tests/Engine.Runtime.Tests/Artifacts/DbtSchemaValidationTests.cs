using System.Text.Json;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Sessions;
using Engine.Runtime.Tests.Execution;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Runtime.Tests.Artifacts;

/// <summary>
/// manifest.json and run_results.json are valid against dbt's own published schemas (vendored in Schemas/), for the
/// example project and the Strava project, so tools that read dbt's artifacts read ours.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DbtSchemaValidationTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("examples/showcase")]
    [InlineData("project")]
    public void The_manifest_compile_writes_is_valid(string project)
    {
        var root = CopyProject(project);
        try
        {
            var session = ProjectSession.Open(new SessionOptions(root), TestWarehouses.Registry);
            CompileArtifacts.Write(session, session.Compile(session.SelectNodes()));
            AssertValid(DbtArtifactSchema.Manifest, Path.Combine(root, "target", "manifest.json"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_strava_manifest_lists_its_unit_tests_under_unit_tests_as_dbt_does()
    {
        var root = CopyProject("project");
        try
        {
            var session = ProjectSession.Open(new SessionOptions(root), TestWarehouses.Registry);
            CompileArtifacts.Write(session, session.Compile(session.SelectNodes()));
            var path = Path.Combine(root, "target", "manifest.json");
            AssertValid(DbtArtifactSchema.Manifest, path);
            using var manifest = JsonDocument.Parse(File.ReadAllText(path));
            var unitTests = manifest.RootElement.GetProperty("unit_tests");
            var test = unitTests.GetProperty("unit_test.strava.dim_athlete.dim_athlete_versions_follow_profile_changes");
            Assert.Equal("dim_athlete", test.GetProperty("model").GetString());
            Assert.Equal("model.strava.dim_athlete", test.GetProperty("depends_on").GetProperty("nodes")[0].GetString());
            Assert.Equal(5, test.GetProperty("given")[0].GetProperty("rows").GetArrayLength());
            Assert.True(unitTests.TryGetProperty("unit_test.strava.fact_monthly_activities_snapshot.monthly_rank_and_moving_average", out _));
            Assert.DoesNotContain(manifest.RootElement.GetProperty("nodes").EnumerateObject(), n => n.Name.StartsWith("unit_test.", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_showcase_build_writes_valid_artifacts()
    {
        var source = Path.Combine(RepositoryPaths.Root, "examples", "showcase");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f))
            .Where(f => !f.StartsWith("target", StringComparison.Ordinal) && f != "pipeline.yml")
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(source, f)));
        await using var project = await BuildHarness.CreateAsync(postgres, files);
        project.Write("pipeline.yml", OnTestCluster(File.ReadAllText(Path.Combine(source, "pipeline.yml")), project.ConnectionString));
        var outcome = await project.BuildAsync();
        Assert.False(outcome.Failed, outcome.Problems());
        AssertValid(DbtArtifactSchema.RunResults, Path.Combine(project.Root, "target", "run_results.json"));
        AssertValid(DbtArtifactSchema.Manifest, Path.Combine(project.Root, "target", "manifest.json"));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Root, "target", "run_results.json")));
        var database = new NpgsqlConnectionStringBuilder(project.ConnectionString).Database;
        var orders = results.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("unique_id").GetString() == "model.showcase.fct_orders");
        Assert.Equal($"\"{database}\".\"marts\".\"fct_orders\"", orders.GetProperty("relation_name").GetString());
        Assert.True(orders.GetProperty("compiled").GetBoolean());

        // A test with store_failures names the table its failing rows are kept in; the others name none.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Root, "target", "manifest.json")));
        var nodes = manifest.RootElement.GetProperty("nodes");
        Assert.Equal(
            $"\"{database}\".\"showcase_test_failures\".\"not_null_fct_orders_amount\"",
            nodes.GetProperty("test.showcase.not_null_fct_orders_amount").GetProperty("relation_name").GetString());
        Assert.Equal(JsonValueKind.Null, nodes.GetProperty("test.showcase.unique_stg_orders_order_id").GetProperty("relation_name").ValueKind);
    }

    [Fact]
    public async Task Errors_skips_ephemeral_models_and_failing_tests_are_valid_results()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/base.sql"] = "{{ config { materialized: 'ephemeral' } }}\nselect 1 as id",
            ["models/ok.sql"] = "select id from {{ ref('base') }}",
            ["models/broken.sql"] = "select no_such_column from {{ ref('base') }}",
            ["models/after_broken.sql"] = "select * from {{ ref('broken') }}",
            ["models/schema.yml"] = "version: 2\nmodels:\n  - name: ok\n    columns:\n      - name: id\n        tests:\n          - accepted_values:\n              values: [2]\n",
        });
        var outcome = await project.BuildAsync();
        Assert.True(outcome.Failed);
        AssertValid(DbtArtifactSchema.RunResults, Path.Combine(project.Root, "target", "run_results.json"));
        AssertValid(DbtArtifactSchema.Manifest, Path.Combine(project.Root, "target", "manifest.json"));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Root, "target", "run_results.json")));
        var statuses = results.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("unique_id").GetString()}={r.GetProperty("status").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["model.t.after_broken=skipped", "model.t.broken=error", "model.t.ok=success", "test.t.accepted_values_ok_id__2=fail"], statuses);
    }

    [Fact]
    public async Task Analyses_are_compiled_with_refs_resolved_and_listed_but_never_built()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/orders.sql"] = "select 1 as id, 10 as amount",
            ["analyses/reports/big_orders.sql"] = "select id from {{ ref('orders') }} where amount > 5",
        });
        var outcome = await project.BuildAsync();
        Assert.False(outcome.Failed, outcome.Problems());
        Assert.DoesNotContain(outcome.Results, r => r.Node.Name == "big_orders");
        Assert.Equal(0, await project.ScalarAsync("select count(*) from information_schema.tables where table_name = 'big_orders'"));

        var session = ProjectSession.Open(new SessionOptions(project.Root), TestWarehouses.Registry);
        CompileArtifacts.Write(session, session.Compile(session.SelectNodes()));
        var compiled = Assert.Single(Directory.EnumerateFiles(Path.Combine(project.Root, "target", "compiled"), "big_orders.sql", SearchOption.AllDirectories));
        Assert.Contains("analyses/reports", compiled.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Matches("from \"[a-z_]+\"\\.\"orders\" where amount > 5", File.ReadAllText(compiled));

        var path = Path.Combine(project.Root, "target", "manifest.json");
        AssertValid(DbtArtifactSchema.Manifest, path);
        using var manifest = JsonDocument.Parse(File.ReadAllText(path));
        var analysis = manifest.RootElement.GetProperty("nodes").GetProperty("analysis.t.big_orders");
        Assert.Equal("analysis", analysis.GetProperty("resource_type").GetString());
        Assert.Equal("model.t.orders", analysis.GetProperty("depends_on").GetProperty("nodes")[0].GetString());
        Assert.Equal(["t", "analysis", "reports", "big_orders"], analysis.GetProperty("fqn").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_validation_reports_what_dbt_would_refuse()
    {
        // Guards the tests above: a manifest missing what dbt requires must produce errors naming it.
        using var document = JsonDocument.Parse("""{"metadata": {"dbt_schema_version": "x", "engine_version": "1"}, "nodes": {}}""");
        var errors = DbtArtifactSchema.Errors(DbtArtifactSchema.Manifest, document.RootElement);
        Assert.Contains(errors, e => e.Contains("required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/metadata", StringComparison.Ordinal));
    }

    private static void AssertValid(Json.Schema.JsonSchema schema, string file)
    {
        var errors = DbtArtifactSchema.Errors(schema, file);
        Assert.True(errors.Count == 0, $"{file} is not valid against dbt's schema:\n" + string.Join("\n", errors.Take(50)));
    }

    /// <summary>The project's own targets name the managed local cluster; the test points the same target at the fixture.</summary>
    private static string OnTestCluster(string pipeline, string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return pipeline.ReplaceLineEndings("\n").Replace(
            "    type: postgres\n    database: showcase\n",
            $"    type: postgres\n    host: {builder.Host}\n    port: {builder.Port}\n    user: {builder.Username}\n    database: {builder.Database}\n",
            StringComparison.Ordinal);
    }

    private static string CopyProject(string relative)
    {
        var source = Path.Combine(RepositoryPaths.Root, relative);
        var root = Path.Combine(Path.GetTempPath(), "engine-artifact-tests", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(source, file);
            if (path.StartsWith("target", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.Copy(file, Path.Combine(root, path));
        }

        return root;
    }
}
