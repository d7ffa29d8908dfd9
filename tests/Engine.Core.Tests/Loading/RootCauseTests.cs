using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>One cause, one error: what follows from a file that failed to load is not reported again.</summary>
public sealed class RootCauseTests
{
    private static string Formatted(TempProject project, IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.Format(project.Root)));

    [Fact]
    public void A_tab_in_pipeline_yml_is_only_the_syntax_error()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = "name: t\ntargets:\n  dev:\n\ttype: postgres\n",
            ["models/m.sql"] = "select {{ var('x') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.YamlSyntax, project.PathOf("pipeline.yml"), 4);
    }

    [Fact]
    public void A_duplicate_key_in_pipeline_yml_is_only_that_error()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = "name: t\ntargets:\n  dev:\n    type: postgres\n  dev:\n    type: postgres\n",
            ["models/m.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.YamlSyntax, d.Code);
        Assert.DoesNotContain("is not defined", Formatted(project, diagnostics), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    public void An_empty_pipeline_yml_is_one_error(string text)
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = text,
            ["models/dwh/m.sql"] = "{{ config { materialized: 'table' } }}\nselect {{ var('start') }} from {{ ref('n') }}",
            ["models/dwh/n.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal("pipeline.yml(1,1): error ENG1004: pipeline.yml is empty; it needs at least 'name: <project name>'", Formatted(project, diagnostics));
    }

    [Fact]
    public void A_missing_end_is_one_error_and_refs_to_that_model_are_not_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/m.sql"] = "select *\nfrom {{ ref('a') }}\n{{ if true }}\nwhere id = 1\n",
            ["models/down.sql"] = "select * from {{ ref('m') }}",
            ["models/down2.sql"] = "select * from {{ ref('m') }} join {{ ref('down') }} using (id)",
            ["models/m.yml"] = "models:\n  - name: m\n    columns:\n      - name: id\n        tests: [unique]\n",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.TemplateSyntax, project.PathOf("models/m.sql"), 3);
    }

    [Fact]
    public void A_ref_to_a_model_that_does_not_exist_is_still_reported_next_to_a_broken_model()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ if true }}",
            ["models/down.sql"] = "select * from {{ ref('missing') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal([DiagnosticCodes.UnknownRef, DiagnosticCodes.TemplateSyntax], diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void A_sources_yml_that_does_not_parse_is_only_its_syntax_error()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = "sources:\n  - name: raw\n    tables:\n\t- name: a\n",
            ["models/m.sql"] = "select * from {{ source('raw', 'a') }}",
            ["models/n.sql"] = "select * from {{ source('raw', 'b') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.YamlSyntax, project.PathOf("sources.yml"), 4, 1);
    }

    [Fact]
    public void A_symlink_loop_under_models_is_one_error_naming_the_loop()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/dwh/a.sql"] = "select 1 as id",
            ["models/dwh/b.sql"] = "select * from {{ ref('a') }}",
            ["models/raw/c.sql"] = "select 2 as id",
        });
        Directory.CreateSymbolicLink(project.PathOf("models/dwh/loop"), "..");

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal(
            "models/dwh/loop(1,1): error ENG1012: symbolic link 'models/dwh/loop' -> '..' points back to 'models', a folder that contains it; this loop is not followed, remove the link",
            Formatted(project, diagnostics));
        Assert.Equal(["a", "b", "c"], parsed!.Graph.Nodes.Values.Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_link_to_the_project_root_is_a_loop_too()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["models/a.sql"] = "select 1 as id" });
        Directory.CreateSymbolicLink(project.PathOf("models/up"), project.Root);

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.SymlinkLoop, project.PathOf("models/up"), 1, 1);
    }

    [Fact]
    public void A_ring_of_links_is_one_error_per_link_not_a_crash()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["models/a.sql"] = "select 1 as id" });
        File.CreateSymbolicLink(project.PathOf("models/x.sql"), "y.sql");
        File.CreateSymbolicLink(project.PathOf("models/y.sql"), "x.sql");

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal(
            "models/x.sql(1,1): error ENG1012: symbolic link 'models/x.sql' -> 'y.sql' leads nowhere (a loop of links, or its target is gone); remove or fix the link\n" +
            "models/y.sql(1,1): error ENG1012: symbolic link 'models/y.sql' -> 'x.sql' leads nowhere (a loop of links, or its target is gone); remove or fix the link",
            Formatted(project, diagnostics));
    }

    [Fact]
    public void A_link_to_a_folder_outside_models_is_followed()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["shared/s.sql"] = "select 1 as id",
            ["models/a.sql"] = "select * from {{ ref('s') }}",
        });
        Directory.CreateSymbolicLink(project.PathOf("models/shared"), project.PathOf("shared"));

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Contains(parsed!.Graph.Nodes.Values, n => n.Name == "s");
    }
}
