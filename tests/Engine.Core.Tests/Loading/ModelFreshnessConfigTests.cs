using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>A model's <c>freshness</c> config: from a folder, the model's YAML or its template, layered, and each mistake located.</summary>
public sealed class ModelFreshnessConfigTests
{
    [Fact]
    public void Folder_freshness_reaches_its_models_and_a_models_own_freshness_replaces_it()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  dwh:
                    +freshness:
                      warn_after: {count: 24, period: hour}
                      error_after: {count: 2, period: day}
                """,
            ["models/dwh/a.sql"] = "select 1 as x",
            ["models/dwh/b.sql"] = "{{ config { freshness: { error_after: { count: 30, period: 'minute' }, column: 'x' } } }}\nselect 1 as x",
            ["models/other.sql"] = "select 1 as x",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        Assert.True(parsed is not null, DiagnosticAssert.Describe(diagnostics));
        var a = parsed.Graph["model.t.a"].Config!.Freshness!;
        Assert.Equal((24, "hour", 2, "day", (string?)null), (a.WarnAfter!.Count, a.WarnAfter.Period, a.ErrorAfter!.Count, a.ErrorAfter.Period, a.Column));
        var b = parsed.Graph["model.t.b"].Config!.Freshness!;
        Assert.Equal((null, 30, "minute", "x"), (b.WarnAfter, b.ErrorAfter!.Count, b.ErrorAfter.Period, b.Column));
        Assert.Null(parsed.Graph["model.t.other"].Config!.Freshness);
    }

    [Fact]
    public void Each_mistake_in_a_yaml_freshness_is_reported_where_it_is_written()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  dwh:
                    +freshness:
                      warn_after: {count: 24, period: hours}
                """,
            ["models/dwh/a.sql"] = "select 1 as x",
            ["models/dwh/dwh.yml"] = """
                version: 2
                models:
                  - name: a
                    config:
                      freshness:
                        error_after: {count: 0, period: day}
                        colum: loaded_at
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var period = diagnostics.Single(d => d.Message.Contains("'period'", StringComparison.Ordinal));
        DiagnosticAssert.At(period, DiagnosticCodes.InvalidValue, project.PathOf("pipeline.yml"), 5, 39);
        Assert.Contains("did you mean 'hour'?", period.Message, StringComparison.Ordinal);
        var count = diagnostics.Single(d => d.Message.Contains("'count'", StringComparison.Ordinal));
        DiagnosticAssert.At(count, DiagnosticCodes.InvalidValue, project.PathOf("models/dwh/dwh.yml"), 6, 30);
        var unknown = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/dwh/dwh.yml"), 7, 9);
        Assert.Contains("did you mean 'column'?", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistake_in_a_templates_freshness_is_reported_at_its_config_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = "name: t\n",
            ["models/a.sql"] = "select 1 as x\n{{ config { freshness: { warn_after: { count: 2 } } } }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = diagnostics.Single(x => x.IsError);
        Assert.Equal((DiagnosticCodes.MissingKey, project.PathOf("models/a.sql"), 2), (d.Code, d.Location?.FilePath, d.Location?.Line));
        Assert.Contains("'warn_after' needs 'count' and 'period'", d.Message, StringComparison.Ordinal);
    }
}
