using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class PipelineFileReaderTests
{
    [Fact]
    public void Unknown_top_level_key_is_reported_at_its_line_with_a_suggestion()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                vars:
                  x: 1
                modles:
                  staging:
                    +materialized: table
                """,
            ["models/staging/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("pipeline.yml"), 4, 1);
        Assert.Contains("'modles'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'models'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_name_is_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = "version: 2\n",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingKey, project.PathOf("pipeline.yml"), 1, 1);
        Assert.Contains("'name'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_target_that_is_not_declared_is_reported_with_a_suggestion()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                target: prd
                targets:
                  dev:
                    type: postgres
                  prod:
                    type: postgres
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownTarget, project.PathOf("pipeline.yml"), 2, 1);
        Assert.Contains("did you mean 'prod'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_reported_as_a_syntax_error_at_its_line()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                vars:
                  a: 1
                 b: 2
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.YamlSyntax, project.PathOf("pipeline.yml"), 4, 2);
        Assert.StartsWith("invalid YAML: ", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_targets_the_default_is_the_managed_local_postgres_named_dev()
    {
        using var project = new TempProject(new Dictionary<string, string>());

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal("t", definition!.Name);
        Assert.Equal("dev", definition.Config.DefaultTarget);
        var target = definition.Config.Targets["dev"];
        Assert.Equal("postgres", target.Type);
        Assert.Equal("public", target.Schema);
        Assert.True(Engine.Warehouse.Postgres.PostgresAdapter.IsManagedLocal(target));
    }

    [Fact]
    public void A_literal_password_is_refused_without_echoing_it()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                targets:
                  dev:
                    type: postgres
                    host: db.example.com
                    password: hunter2-secret
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("pipeline.yml"), 6, 5);
        Assert.Contains("${PG_PASSWORD}", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_given_as_an_environment_reference_is_accepted()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = "name: t\ntargets:\n  dev:\n    type: postgres\n    host: db\n    password: ${PG_PASSWORD}\n",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        Assert.DoesNotContain(diagnostics, d => d.IsError);
    }
}
