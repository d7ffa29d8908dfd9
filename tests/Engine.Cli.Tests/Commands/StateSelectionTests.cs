using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary><c>--state DIR</c> with <c>state:</c> selectors, against the manifest <c>engine compile</c> wrote before an edit.</summary>
public sealed class StateSelectionTests : IDisposable
{
    private readonly ProjectCopy _project = new();
    private readonly string _state = Path.Combine(Path.GetTempPath(), "engine-state-" + Guid.NewGuid().ToString("N"));

    public StateSelectionTests()
    {
        var compile = EngineProcess.Run(_project.Root, "compile");
        Assert.True(compile.ExitCode == 0, compile.ToString());
        Directory.CreateDirectory(_state);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_project.ProjectDir, "target"), "*.json"))
        {
            File.Copy(file, Path.Combine(_state, Path.GetFileName(file)));
        }
    }

    public void Dispose()
    {
        _project.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    private string Model(string name) => Path.Combine(_project.ProjectDir, "models", "dwh", name + ".sql");

    private IReadOnlyList<string> Ls(params string[] select)
    {
        var result = EngineProcess.Run(_project.Root, ["ls", "--state", _state, "--output", "name", "--select", .. select]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void An_unchanged_project_has_nothing_modified_though_run_started_at_renders_anew() =>
        Assert.Empty(Ls("state:modified"));

    [Fact]
    public void Appending_a_sql_comment_modifies_exactly_that_model_and_plus_adds_its_children()
    {
        File.AppendAllText(Model("fact_activity"), "\n-- edited\n");

        Assert.Equal(["fact_activity"], Ls("state:modified,resource_type:model"));
        Assert.Equal(["fact_activity"], Ls("state:modified.body,resource_type:model"));
        Assert.Empty(Ls("state:modified.configs,resource_type:model"));
        Assert.Equal(["bi_analysis", "dim_activity", "dim_location", "fact_activity", "fact_activity_route", "fact_monthly_activities_snapshot"], Ls("state:modified+,resource_type:model"));
    }

    [Fact]
    public void A_change_that_renders_identically_is_not_modified()
    {
        // A template comment and extra blank lines and indentation reach the warehouse as the same SQL.
        var text = File.ReadAllText(Model("dim_activity"));
        File.WriteAllText(Model("dim_activity"), "{{ # a note for readers of the template }}\n\n" + text.Replace("\n", "\n\n  ", StringComparison.Ordinal));

        Assert.Empty(Ls("state:modified"));
    }

    [Fact]
    public void A_config_change_is_modified_configs_and_a_new_model_is_new()
    {
        var text = File.ReadAllText(Model("dim_location"));
        File.WriteAllText(Model("dim_location"), text.Replace("materialized: 'table'", "materialized: 'table', tags: ['state_test']", StringComparison.Ordinal));
        _project.Write("models/dwh/dim_new.sql", "select 1 as id\n");

        Assert.Equal(["dim_location"], Ls("state:modified.configs,resource_type:model"));
        Assert.Empty(Ls("state:modified.body,resource_type:model"));
        Assert.Equal(["dim_new"], Ls("state:new"));
        Assert.Equal(["dim_location", "dim_new"], Ls("state:modified,resource_type:model"));
    }

    [Fact]
    public void A_state_selector_without_state_and_an_unknown_state_are_usage_errors()
    {
        var missing = EngineProcess.Run(_project.Root, "ls", "--select", "state:modified");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("error ENG1303", missing.Stderr, StringComparison.Ordinal);

        var unknown = EngineProcess.Run(_project.Root, "ls", "--state", _state, "--select", "state:modifed");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'modified'?", unknown.Stderr, StringComparison.Ordinal);

        var noManifest = EngineProcess.Run(_project.Root, "ls", "--state", _project.ProjectDir, "--select", "state:new");
        Assert.Equal(2, noManifest.ExitCode);
        Assert.Contains("error ENG1304", noManifest.Stderr, StringComparison.Ordinal);
        Assert.False(noManifest.HasStackTrace, noManifest.ToString());
    }
}
