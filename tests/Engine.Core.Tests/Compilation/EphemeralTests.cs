using System.Text.RegularExpressions;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

/// <summary>Ephemeral models have no relation; their SQL is inlined as a CTE into every model that reads them.</summary>
public sealed class EphemeralTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["models/eph_base.sql"] = "{{ config { materialized: 'ephemeral' } }}\nselect 1 as id;\n",
        ["models/eph_mid.sql"] = "{{ config { materialized: 'ephemeral' } }}\nselect id from {{ ref('eph_base') }}",
        ["models/consumer.sql"] = "select * from {{ ref('eph_mid') }}",
        ["models/with_consumer.sql"] = "-- reads the base twice\nWITH doubled as (select id * 2 as id from {{ ref('eph_base') }})\nselect * from doubled",
    };

    private static string Sql(string model) => ProjectPipeline.CompileModel(Files, model);

    [Fact]
    public void Ephemeral_is_inlined_as_a_cte_named_after_it()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/eph.sql"] = "{{ config { materialized: 'ephemeral' } }}select 1 as id",
            ["models/m.sql"] = "select * from {{ ref('eph') }}",
        }, "m");

        Assert.Equal("with \"__engine_cte__eph\" as (\nselect 1 as id\n)\nselect * from \"__engine_cte__eph\"", sql);
    }

    [Fact]
    public void Nested_ephemerals_come_parents_first_without_their_terminators()
    {
        Assert.Equal(
            """
            with "__engine_cte__eph_base" as (
            select 1 as id
            ),
            "__engine_cte__eph_mid" as (
            select id from "__engine_cte__eph_base"
            )
            select * from "__engine_cte__eph_mid"
            """.ReplaceLineEndings("\n"),
            Sql("consumer"));
    }

    [Fact]
    public void Consumer_with_its_own_with_gets_one_merged_with_list()
    {
        var sql = Sql("with_consumer");

        Assert.Single(Regex.Matches(sql, @"\bwith\b", RegexOptions.IgnoreCase));
        Assert.Equal(
            "-- reads the base twice\nWITH \"__engine_cte__eph_base\" as (\nselect 1 as id\n), doubled as (select id * 2 as id from \"__engine_cte__eph_base\")\nselect * from doubled",
            sql);
    }

    [Fact]
    public void Ephemeral_has_no_relation_but_is_still_a_dag_node()
    {
        using var project = new TempProject(Files);
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);

        var node = parsed!.Graph["model.t.eph_mid"];
        Assert.True(node.IsEphemeral);
        Assert.Null(node.Relation);
        Assert.Equal<string>(["model.t.eph_base"], node.DependsOn);
        Assert.Equal<string>(["model.t.eph_mid"], parsed.Graph["model.t.consumer"].DependsOn);
    }

    [Fact]
    public void This_in_an_ephemeral_is_its_cte_name()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/eph.sql"] = "{{ config { materialized: 'ephemeral' } }}select '{{ this }}' as me",
            ["models/m.sql"] = "select * from {{ ref('eph') }}",
        }, "m");

        Assert.Contains("select '\"__engine_cte__eph\"' as me", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_ephemeral_is_inlined_once_even_when_reached_twice()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/eph_a.sql"] = "{{ config { materialized: 'ephemeral' } }}select 1 as id",
            ["models/eph_b.sql"] = "{{ config { materialized: 'ephemeral' } }}select * from {{ ref('eph_a') }}",
            ["models/m.sql"] = "select * from {{ ref('eph_b') }} join {{ ref('eph_a') }} using (id)",
        }, "m");

        Assert.Single(Regex.Matches(sql, "\"__engine_cte__eph_a\" as \\("));
        Assert.True(sql.IndexOf("\"__engine_cte__eph_a\" as (", StringComparison.Ordinal) < sql.IndexOf("\"__engine_cte__eph_b\" as (", StringComparison.Ordinal));
    }
}
