using Engine.Cli.Tests.Build;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>--defer --state DIR</c>: one model built in a CI schema against the parents a production run built in another
/// schema of the same (real, managed) PostgreSQL, as dbt's slim CI does.
/// </summary>
public sealed class DeferTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private readonly ScratchProject _project = new(home, "defer");

    private string State => Path.Combine(_project.Root, "prod-artifacts");

    public void Dispose() => _project.Dispose();

    /// <summary>Builds everything on prod and keeps its manifest as the state; parents record which target built them.</summary>
    private void BuildProduction()
    {
        _project.Write("pipeline.yml", $$"""
            name: defer_demo
            target: ci
            targets:
              prod: { type: postgres, database: {{_project.Database}}, schema: prod }
              ci: { type: postgres, database: {{_project.Database}}, schema: ci }
            """);
        _project.Write("models/parent.sql", "{{ config { materialized: 'table' } }}\nselect n, '{{ target.name }}' as built_by from (values (1), (2), (3)) as v(n)\n");
        _project.Write("models/hidden.sql", "{{ config { materialized: 'ephemeral' } }}\nselect n from {{ ref('parent') }} where n > 1\n");
        _project.Write("models/child.sql", "{{ config { materialized: 'table' } }}\nselect p.built_by, count(*) as parents, (select count(*) from {{ ref('hidden') }}) as above_one\nfrom {{ ref('parent') }} p\ngroup by p.built_by\n");
        var prod = _project.Engine("build", "--target", "prod");
        Assert.True(prod.ExitCode == 0, prod.ToString());
        Directory.CreateDirectory(State);
        File.Copy(Path.Combine(_project.Root, "target", "manifest.json"), Path.Combine(State, "manifest.json"));
    }

    [Fact]
    public async Task A_model_selected_alone_reads_the_parents_of_the_state_environment_and_builds_in_its_own()
    {
        BuildProduction();

        var alone = _project.Engine("build", "--select", "child");
        Assert.Equal(1, alone.ExitCode);

        var deferred = _project.Engine("build", "--select", "child", "--defer", "--state", State);
        Assert.True(deferred.ExitCode == 0, deferred.ToString());
        Assert.Equal(["prod|3|2"], await _project.RowsAsync("select built_by, parents, above_one from ci.child"));
        Assert.Empty(await _project.RowsAsync("select 1 from information_schema.tables where table_schema = 'ci' and table_name = 'parent'"));
        var compiled = File.ReadAllText(Path.Combine(_project.Root, "target", "compiled", "models", "child.sql"));
        Assert.Contains("\"prod\".\"parent\"", compiled, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ci\".\"parent\"", compiled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parent_the_target_holds_is_read_there_unless_favor_state_is_given()
    {
        BuildProduction();
        var parent = _project.Engine("build", "--select", "parent");
        Assert.True(parent.ExitCode == 0, parent.ToString());

        var own = _project.Engine("build", "--select", "child", "--defer", "--state", State);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal(["ci|3|2"], await _project.RowsAsync("select built_by, parents, above_one from ci.child"));

        var favored = _project.Engine("build", "--select", "child", "--defer", "--favor-state", "--state", State);
        Assert.True(favored.ExitCode == 0, favored.ToString());
        Assert.Equal(["prod|3|2"], await _project.RowsAsync("select built_by, parents, above_one from ci.child"));
    }

    [Fact]
    public void Defer_without_state_is_a_usage_error()
    {
        BuildProduction();
        var result = _project.Engine("build", "--select", "child", "--defer");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1303", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--defer", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
