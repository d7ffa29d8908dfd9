using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class ResourceYamlReaderTests
{
    [Fact]
    public void Unknown_entry_key_suggests_description()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    descripton: The a model
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 3, 5);
        Assert.Contains("'descripton'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'description'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_indentation_is_a_yaml_syntax_error_at_its_line()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    description: fine
                   columns:
                      - name: id
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.YamlSyntax, project.PathOf("models/schema.yml"), 4, 4);
        Assert.StartsWith("invalid YAML: ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_for_a_model_without_sql_is_reported_with_the_nearest_model()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/fct_order.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: fct_order
                  - name: fct_orders
                    description: misspelt
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownModelInYaml, project.PathOf("models/schema.yml"), 3, 5);
        Assert.Contains("no fct_orders.sql under models/", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'fct_order'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_described_twice_is_reported_at_the_second_entry()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/one.yml"] = """
                models:
                  - name: a
                """,
            ["models/two.yml"] = """
                version: 2
                models:
                  - name: a
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateDefinition, project.PathOf("models/two.yml"), 3, 5);
        Assert.Contains(project.PathOf("models/one.yml"), d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_config_key_in_model_yaml_suggests_the_known_key()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    config:
                      uniqe_key: id
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("models/schema.yml"), 4, 7);
        Assert.Contains("did you mean 'unique_key'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_columns_and_location_are_kept()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: a
                    description: The a model
                    columns:
                      - name: id
                        description: key
                        data_type: bigint
                """,
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var model = Assert.Single(definition!.Models);
        Assert.Equal("The a model", model.Description);
        var column = Assert.Single(model.Columns);
        Assert.Equal(("id", "key", "bigint"), (column.Name, column.Description, column.DataType));
        Assert.Equal(new SourceLocation(project.PathOf("models/schema.yml"), 2, 5), model.YamlLocation);
    }
}
