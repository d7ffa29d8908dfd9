using System.Text.Json;
using Engine.Cli.Tests.Build;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>engine retry</c> and <c>result:</c> selectors over a real build on the managed PostgreSQL: a model that fails, its
/// skipped child and test, and independent models that succeed.
/// </summary>
public sealed class RetryTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private readonly ScratchProject _project = new(home, "retry");

    public void Dispose() => _project.Dispose();

    private Dictionary<string, string> LastResults()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_project.Root, "target", "run_results.json")));
        return json.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("unique_id").GetString()!, r => r.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }

    [Fact]
    public void Retry_builds_what_failed_and_what_it_skipped_then_has_nothing_left()
    {
        _project.Write("pipeline.yml", $"name: retry_demo\ntarget: dev\ntargets:\n  dev: {{ type: postgres, database: {_project.Database}, schema: retry }}\n");
        _project.Write("models/base.sql", "select 1 as n\n");
        _project.Write("models/downstream.sql", "select n from {{ ref('broken') }}\n");
        _project.Write("models/other.sql", "select n + 1 as n from {{ ref('base') }}\n");
        _project.Write("models/schema.yml", "models:\n  - name: broken\n    columns:\n      - name: n\n        tests: [not_null]\n");
        _project.Write("models/broken.sql", "{{ config { materialized: 'table' } }}\nselect n / 0 as n from {{ ref('base') }}\n");

        var first = _project.Engine("build");
        Assert.True(first.ExitCode == 1, first.ToString());
        var results = LastResults();
        Assert.Equal("error", results["model.retry_demo.broken"]);
        Assert.Equal("skipped", results["model.retry_demo.downstream"]);
        Assert.Equal("success", results["model.retry_demo.other"]);

        var state = Path.Combine(_project.Root, "target");
        var errors = _project.Engine("ls", "--select", "result:error,resource_type:model", "--state", state, "--output", "name");
        Assert.True(errors.ExitCode == 0, errors.ToString());
        Assert.Equal(["broken"], errors.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var skipped = _project.Engine("ls", "--select", "result:skipped,resource_type:model", "--state", state, "--output", "name");
        Assert.Equal(["downstream"], skipped.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Still broken: the retry fails the same way and keeps the same nodes to retry.
        var again = _project.Engine("retry");
        Assert.True(again.ExitCode == 1, again.ToString());
        var retried = LastResults().Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(results.Where(r => r.Value is "error" or "fail" or "skipped").Select(r => r.Key).Order(StringComparer.Ordinal), retried);

        _project.Write("models/broken.sql", "{{ config { materialized: 'table' } }}\nselect n / 1 as n from {{ ref('base') }}\n");
        var fixedRun = _project.Engine("retry");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Contains("Retrying 3 nodes of the last retry", fixedRun.Stdout, StringComparison.Ordinal);
        var after = LastResults();
        Assert.Equal(["model.retry_demo.broken", "model.retry_demo.downstream"], after.Keys.Where(k => k.StartsWith("model.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(after.Values, s => Assert.Contains(s, new[] { "success", "pass" }));

        var nothing = _project.Engine("retry");
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("Nothing to retry", nothing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_without_a_previous_run_names_the_missing_file()
    {
        _project.Write("pipeline.yml", "name: retry_demo\n");
        _project.Write("models/base.sql", "select 1 as n\n");
        var result = _project.Engine("retry");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1304", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("run_results.json", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
