using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class RefAndSourceTests
{
    private const string Sources = """
        sources:
          - name: raw
            schema: landing
            tables:
              - name: orders
              - name: users
                identifier: app_users
        """;

    [Fact]
    public void Ref_resolves_to_the_quoted_relation_in_the_target_schema()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select 1 as id",
            ["models/c.sql"] = "select * from {{ ref('m') }}",
        }, "c");

        Assert.Equal("select * from \"public\".\"m\"", sql);
    }

    [Fact]
    public void Ref_with_this_project_name_resolves_like_ref_with_one_argument()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select 1 as id",
            ["models/c.sql"] = "select * from {{ ref('t', 'm') }}",
        }, "c");

        Assert.Equal("select * from \"public\".\"m\"", sql);
    }

    [Fact]
    public void Ref_to_another_project_is_an_unknown_ref_at_the_call()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select 1 as id",
            ["models/c.sql"] = "select *\nfrom {{ ref('other', 'm') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("models/c.sql"), 2, 9);
        Assert.Contains("'other' is not this project ('t')", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_on_snowflake_writes_database_and_schema_unquoted()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["pipeline.yml"] = Targets.TwoTargets,
            ["models/m.sql"] = "select 1 as id",
            ["models/c.sql"] = "select * from {{ ref('m') }}",
        }, "c", target: "sf");

        Assert.Equal("select * from ANALYTICS.PUBLIC.m", sql);
    }

    [Fact]
    public void Source_resolves_to_the_sources_schema_and_identifier()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["sources.yml"] = Sources,
            ["models/c.sql"] = "select * from {{ source('raw', 'orders') }} join {{ source('raw', 'users') }} using (user_id)",
        }, "c");

        Assert.Equal("select * from \"landing\".\"orders\" join \"landing\".\"app_users\" using (user_id)", sql);
    }

    [Fact]
    public void Refs_and_sources_become_the_nodes_dependencies()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = Sources,
            ["models/m.sql"] = "select 1 as id",
            ["models/c.sql"] = "select * from {{ ref('m') }}, {{ ref('m') }}, {{ source('raw', 'orders') }}",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal<string>(["model.t.m", "source.t.raw.orders"], parsed!.Graph["model.t.c"].DependsOn);
    }
}
