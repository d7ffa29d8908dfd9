using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class FolderConfigReaderTests
{
    [Fact]
    public void Misspelt_plus_key_suggests_the_config_key()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  staging:
                    +materialised: table
                """,
            ["models/staging/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("pipeline.yml"), 4, 5);
        Assert.Contains("'materialised'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'models/staging' folder config", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'materialized'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_that_does_not_exist_is_reported_with_the_nearest_folder()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  stagng:
                    +materialized: table
                """,
            ["models/staging/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("pipeline.yml"), 3, 3);
        Assert.Contains("no folder 'models/stagng'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'staging'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_folder_that_does_not_exist_is_reported_with_its_full_path()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  dwh:
                    +schema: dwh
                    facts:
                      +materialized: table
                """,
            ["models/dwh/fct/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownKey, project.PathOf("pipeline.yml"), 5, 5);
        Assert.Contains("no folder 'models/dwh/facts'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_key_without_plus_explains_the_prefix()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  materialized: table
                """,
            ["models/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("pipeline.yml"), 3, 3);
        Assert.Contains("write '+materialized'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_materialization_value_suggests_the_nearest_one()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  +materialized: tabel
                """,
            ["models/a.sql"] = "select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidConfig, project.PathOf("pipeline.yml"), 3, 3);
        Assert.Contains("did you mean 'table'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Level_named_after_the_project_is_the_models_root()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["pipeline.yml"] = """
                name: t
                models:
                  t:
                    +materialized: table
                    staging:
                      +schema: stg
                """,
            ["models/staging/a.sql"] = "select 1",
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var model = Assert.Single(definition!.Models);
        Assert.Equal("table", model.Config.Materialized);
        Assert.Equal("stg", model.Config.Schema);
    }
}
