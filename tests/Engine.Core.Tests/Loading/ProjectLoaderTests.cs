using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class ProjectLoaderTests
{
    [Fact]
    public void Missing_pipeline_yml_throws_missing_file()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["models/a.sql"] = "select 1" });
        File.Delete(project.PathOf("pipeline.yml"));

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        Assert.Null(definition);
        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MissingFile, d.Code);
        Assert.Null(d.Location);
        Assert.Contains("no pipeline.yml", d.Message, StringComparison.Ordinal);
        Assert.Contains("--project-dir", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_of_a_load_are_reported_together()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                tagets: {}
                """,
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    descripton: x
                """,
            ["sources.yml"] = """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                        identifer: o
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.UnknownKey, d.Code));
        // Sorted by file path, then line: the order must not depend on which thread read which file.
        DiagnosticAssert.At(diagnostics[0], DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 3, 5);
        DiagnosticAssert.At(diagnostics[1], DiagnosticCodes.UnknownKey, project.PathOf("pipeline.yml"), 2, 1);
        DiagnosticAssert.At(diagnostics[2], DiagnosticCodes.UnknownKey, project.PathOf("sources.yml"), 5, 9);
    }

    [Fact]
    public void Models_get_name_fqn_type_and_default_view_materialization()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/dwh/facts/fct_a.sql"] = "select 1 as id",
            ["models/snapshots/snap_a.sql"] = "select 1 as id",
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var model = definition!.Models.Single(m => m.Name == "fct_a");
        Assert.Equal(ResourceType.Model, model.Type);
        Assert.Equal("models/dwh/facts/fct_a.sql", model.RelativePath);
        Assert.Equal("t.dwh.facts.fct_a", string.Join('.', model.Fqn));
        Assert.Equal("view", model.Config.Materialized);
        Assert.Equal(new SourceLocation(project.PathOf("models/dwh/facts/fct_a.sql"), 1, 1), model.Location);
        var snapshot = definition.Models.Single(m => m.Name == "snap_a");
        Assert.Equal(ResourceType.Snapshot, snapshot.Type);
        Assert.Equal("snapshot", snapshot.Config.Materialized);
    }

    [Fact]
    public void Macros_singular_tests_and_generic_test_templates_are_found()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["macros/util.sql"] = "{{ func one() }}1{{ end }}",
            ["tests/assert_x.sql"] = "select 1 where false",
            ["tests/generic/not_negative.sql"] = "select 1",
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal("macros/util.sql", Assert.Single(definition!.Macros).RelativePath);
        Assert.Equal("assert_x", Assert.Single(definition.SingularTests).Name);
        Assert.Equal("not_negative", Assert.Single(definition.GenericTestTemplates).Name);
    }
}
