using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class TestDeclarationReaderTests
{
    [Fact]
    public void Unknown_test_name_suggests_the_built_in_test()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    columns:
                      - name: id
                        tests:
                          - not_null
                          - uniqe
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 7, 13);
        Assert.Contains("unknown test 'uniqe'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'unique'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_test_name_suggests_a_custom_generic_test()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["tests/generic/not_negative.sql"] = "select {{ column_name }} from {{ model }} where {{ column_name }} < 0",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    columns:
                      - name: id
                        tests: [not_negativ]
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 5, 17);
        Assert.Contains("did you mean 'not_negative'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepted_values_without_values_is_a_missing_key()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 'x' as status",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    columns:
                      - name: status
                        tests:
                          - accepted_values:
                              quote: false
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingKey, project.PathOf("models/schema.yml"), 6, 13);
        Assert.Contains("'values'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_argument_of_a_built_in_test_is_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 'x' as status",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    columns:
                      - name: status
                        tests:
                          - accepted_values:
                              values: [x]
                              severty: warn
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 8, 15);
        Assert.Contains("did you mean 'severity'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_test_on_the_model_level_needs_a_column()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    tests:
                      - unique
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingKey, project.PathOf("models/schema.yml"), 4, 9);
        Assert.Contains("needs a column", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_config_is_read_directly_and_under_config()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    columns:
                      - name: id
                        tests:
                          - not_null:
                              severity: warn
                              config:
                                where: "id > 0"
                """,
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var test = Assert.Single(Assert.Single(definition!.Models).Columns.Single().Tests);
        Assert.Equal("not_null", test.TestName);
        Assert.Equal("id", test.ColumnName);
        Assert.Equal("warn", test.Config.Severity);
        Assert.Equal("id > 0", test.Config.Where);
    }
}
