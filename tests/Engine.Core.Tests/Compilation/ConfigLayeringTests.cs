using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

/// <summary>Config comes from three levels, closest wins: pipeline.yml folders, then the model's YAML, then the template.</summary>
public sealed class ConfigLayeringTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["pipeline.yml"] = """
            name: t
            models:
              +tags: [all]
              marts:
                +materialized: table
                +schema: marts
                +tags: [folder]
            """,
        ["models/marts/folder_only.sql"] = "select 1 as id",
        ["models/marts/yaml_over_folder.sql"] = "select 1 as id",
        ["models/marts/template_over_yaml.sql"] = """
            {{ config { materialized: 'incremental', unique_key: 'id', tags: ['template', 'folder'] } }}
            select 1 as id
            """,
        ["models/marts/schema.yml"] = """
            models:
              - name: yaml_over_folder
                config:
                  materialized: view
                  tags: yaml
              - name: template_over_yaml
                config:
                  materialized: view
                  unique_key: other_id
                  tags: [yaml]
            """,
        ["models/plain.sql"] = "select 1 as id",
    };

    private static ParsedProject Parse(TempProject project)
    {
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);
        return parsed!;
    }

    [Fact]
    public void Closer_levels_override_and_tags_accumulate()
    {
        using var project = new TempProject(Files);
        var graph = Parse(project).Graph;

        var folderOnly = graph["model.t.folder_only"];
        Assert.Equal("table", folderOnly.Materialized);
        Assert.Equal<string>(["all", "folder"], folderOnly.Tags);

        var yaml = graph["model.t.yaml_over_folder"];
        Assert.Equal("view", yaml.Materialized);
        Assert.Equal<string>(["all", "folder", "yaml"], yaml.Tags);

        var template = graph["model.t.template_over_yaml"];
        Assert.Equal("incremental", template.Materialized);
        Assert.Equal<string>(["id"], template.Config!.UniqueKey);
        Assert.Equal<string>(["all", "folder", "yaml", "template"], template.Tags);

        var plain = graph["model.t.plain"];
        Assert.Equal("view", plain.Materialized);
        Assert.Equal<string>(["all"], plain.Tags);
    }

    [Fact]
    public void Schema_config_sets_the_relation_schema_and_defaults_to_the_targets()
    {
        using var project = new TempProject(Files);
        var graph = Parse(project).Graph;

        Assert.Equal(new Relation("warehouse", "marts", "folder_only"), graph["model.t.folder_only"].Relation);
        Assert.Equal(new Relation("warehouse", "public", "plain"), graph["model.t.plain"].Relation);
    }

    [Fact]
    public void Alias_changes_the_identifier_that_refs_resolve_to()
    {
        var files = new Dictionary<string, string>
        {
            ["models/stg_orders.sql"] = "select 1 as id",
            ["models/orders.sql"] = "select * from {{ ref('stg_orders') }}",
            ["models/schema.yml"] = "models:\n  - name: stg_orders\n    config:\n      alias: orders_v2\n",
        };
        using var project = new TempProject(files);

        var compiled = ProjectPipeline.CompileClean(project);

        Assert.Equal(new Relation("warehouse", "public", "orders_v2"), compiled.Parsed.Graph["model.t.stg_orders"].Relation);
        Assert.Equal("select * from \"public\".\"orders_v2\"", compiled.Nodes.Single(n => n.Node.Name == "orders").Sql);
    }

    [Fact]
    public void Enabled_false_at_any_level_drops_the_model()
    {
        var files = new Dictionary<string, string>
        {
            ["pipeline.yml"] = "name: t\nmodels:\n  legacy:\n    +enabled: false\n",
            ["models/legacy/old.sql"] = "select 1 as id",
            ["models/legacy/revived.sql"] = "{{ config { enabled: true } }}select 1 as id",
            ["models/off.sql"] = "select 1 as id",
            ["models/on.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: off
                    config:
                      enabled: false
                    columns:
                      - name: id
                        tests: [unique]
                """,
        };
        using var project = new TempProject(files);

        var graph = Parse(project).Graph;

        // The disabled model's tests go with it.
        Assert.Equal(["model.t.on", "model.t.revived"], graph.Nodes.Keys);
    }

    [Fact]
    public void Enabled_must_be_a_boolean()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { enabled: 'no' } }}select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidConfig, project.PathOf("models/m.sql"), 1, 4);
        Assert.Contains("'enabled' must be true or false", d.Message, StringComparison.Ordinal);
    }
}
