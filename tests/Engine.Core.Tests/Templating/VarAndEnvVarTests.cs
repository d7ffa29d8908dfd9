using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class VarAndEnvVarTests
{
    private const string PipelineWithVars = """
        name: t
        vars:
          start_date: '2020-01-01'
          max_rows: 10
        """;

    [Fact]
    public void Var_reads_pipeline_vars_before_the_default_and_falls_back_to_it()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["pipeline.yml"] = PipelineWithVars,
            ["models/m.sql"] = "select '{{ var('start_date') }}', {{ var('max_rows', 5) }}, '{{ var('region', 'eu') }}'",
        }, "m");

        Assert.Equal("select '2020-01-01', 10, 'eu'", sql);
    }

    [Fact]
    public void Cli_vars_override_pipeline_vars()
    {
        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string>
            {
                ["pipeline.yml"] = PipelineWithVars,
                ["models/m.sql"] = "select '{{ var('start_date') }}', {{ var('max_rows') }}",
            },
            "m",
            o => o with { Vars = ImmutableDictionary<string, object?>.Empty.Add("start_date", "2024-01-01") });

        Assert.Equal("select '2024-01-01', 10", sql);
    }

    [Fact]
    public void Var_without_value_or_default_is_reported_at_the_call_with_a_suggestion()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = PipelineWithVars,
            ["models/m.sql"] = "select 1\nwhere d > '{{ var('start_dat') }}'",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingVar, project.PathOf("models/m.sql"), 2, 15);
        Assert.Contains("var('start_dat') has no value and no default", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'start_date'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_var_reads_the_environment_and_falls_back_to_the_default()
    {
        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string> { ["models/m.sql"] = "select '{{ env_var('REGION') }}', '{{ env_var('UNSET', 'dflt') }}'" },
            "m",
            o => o with { EnvironmentVariable = name => name == "REGION" ? "eu-west" : null });

        Assert.Equal("select 'eu-west', 'dflt'", sql);
    }

    [Fact]
    public void Env_var_that_is_not_set_and_has_no_default_is_reported_at_the_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select\n  '{{ env_var('MISSING') }}'",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingEnvVar, project.PathOf("models/m.sql"), 2, 7);
        Assert.Contains("'MISSING' is not set", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_var_refuses_secrets_even_when_they_are_set()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select '{{ env_var('ENGINE_SECRET_X', 'dflt') }}'",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project, o => o with { EnvironmentVariable = _ => "hunter2" });

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingEnvVar, project.PathOf("models/m.sql"), 1, 12);
        Assert.Contains("secrets", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", d.Message, StringComparison.Ordinal);
    }
}
