using Engine.Cli.Tests.Build;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>--defer --state DIR</c>: one model built in a CI schema against the parents a production run built in another
/// schema of the same (real, managed) PostgreSQL, as dbt's slim CI does.
/// </summary>
public sealed class DeferTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-defer-" + Guid.NewGuid().ToString("N"));
    private readonly string _database = "defer_" + Guid.NewGuid().ToString("N")[..12];

    private string State => Path.Combine(_root, "prod-artifacts");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private EngineResult Engine(params string[] args) => EngineProcess.Run(_root, home.Environment, [.. args, "--project-dir", _root]);

    /// <summary>Builds everything on prod and keeps its manifest as the state; parents record which target built them.</summary>
    private void BuildProduction()
    {
        Write("pipeline.yml", $$"""
            name: defer_demo
            target: ci
            targets:
              prod: { type: postgres, database: {{_database}}, schema: prod }
              ci: { type: postgres, database: {{_database}}, schema: ci }
            """);
        Write("models/parent.sql", "{{ config { materialized: 'table' } }}\nselect n, '{{ target.name }}' as built_by from (values (1), (2), (3)) as v(n)\n");
        Write("models/hidden.sql", "{{ config { materialized: 'ephemeral' } }}\nselect n from {{ ref('parent') }} where n > 1\n");
        Write("models/child.sql", "{{ config { materialized: 'table' } }}\nselect p.built_by, count(*) as parents, (select count(*) from {{ ref('hidden') }}) as above_one\nfrom {{ ref('parent') }} p\ngroup by p.built_by\n");
        var prod = Engine("build", "--target", "prod");
        Assert.True(prod.ExitCode == 0, prod.ToString());
        Directory.CreateDirectory(State);
        File.Copy(Path.Combine(_root, "target", "manifest.json"), Path.Combine(State, "manifest.json"));
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    [Fact]
    public async Task A_model_selected_alone_reads_the_parents_of_the_state_environment_and_builds_in_its_own()
    {
        BuildProduction();

        var alone = Engine("build", "--select", "child");
        Assert.Equal(1, alone.ExitCode);

        var deferred = Engine("build", "--select", "child", "--defer", "--state", State);
        Assert.True(deferred.ExitCode == 0, deferred.ToString());
        Assert.Equal(["prod|3|2"], await RowsAsync("select built_by, parents, above_one from ci.child"));
        Assert.Empty(await RowsAsync("select 1 from information_schema.tables where table_schema = 'ci' and table_name = 'parent'"));
        var compiled = File.ReadAllText(Path.Combine(_root, "target", "compiled", "models", "child.sql"));
        Assert.Contains("\"prod\".\"parent\"", compiled, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ci\".\"parent\"", compiled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parent_the_target_holds_is_read_there_unless_favor_state_is_given()
    {
        BuildProduction();
        var parent = Engine("build", "--select", "parent");
        Assert.True(parent.ExitCode == 0, parent.ToString());

        var own = Engine("build", "--select", "child", "--defer", "--state", State);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal(["ci|3|2"], await RowsAsync("select built_by, parents, above_one from ci.child"));

        var favored = Engine("build", "--select", "child", "--defer", "--favor-state", "--state", State);
        Assert.True(favored.ExitCode == 0, favored.ToString());
        Assert.Equal(["prod|3|2"], await RowsAsync("select built_by, parents, above_one from ci.child"));
    }

    [Fact]
    public void Defer_without_state_is_a_usage_error()
    {
        BuildProduction();
        var result = Engine("build", "--select", "child", "--defer");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1303", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--defer", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
