using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class SourcesFileReaderTests
{
    [Fact]
    public void Unknown_table_key_suggests_the_known_key()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                        identifer: raw_orders
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("sources.yml"), 5, 9);
        Assert.Contains("'identifer'", d.Message, StringComparison.Ordinal);
        Assert.Contains("a table of source 'raw'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'identifier'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_schema_defaults_to_its_name_and_identifier_to_the_table_name()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                  - name: app
                    schema: landing
                    tables:
                      - name: users
                        identifier: app_users
                """,
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var raw = definition!.Sources.Single(s => s.Name == "raw");
        Assert.Equal("raw", raw.Schema);
        Assert.Equal("orders", Assert.Single(raw.Tables).Identifier);
        var app = definition.Sources.Single(s => s.Name == "app");
        Assert.Equal("landing", app.Schema);
        Assert.Equal("app_users", Assert.Single(app.Tables).Identifier);
    }

    [Fact]
    public void Table_declared_twice_is_reported_at_the_second_one()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                      - name: orders
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("sources.yml"), 5, 9);
    }

    [Fact]
    public void Freshness_with_an_unknown_period_suggests_the_nearest_one()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: raw
                    loaded_at_field: _loaded_at
                    freshness:
                      warn_after: {count: 12, period: hours}
                    tables:
                      - name: orders
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("sources.yml"), 5, 39);
        Assert.Contains("did you mean 'hour'?", d.Message, StringComparison.Ordinal);
    }
}
