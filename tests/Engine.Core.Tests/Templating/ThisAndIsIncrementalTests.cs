using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class ThisAndIsIncrementalTests
{
    private const string Incremental = """
        {{ config { materialized: 'incremental', unique_key: 'id' } }}
        select 1 as id
        {{ if is_incremental() }}where id > (select max(id) from {{ this }}){{ end }}
        """;

    private const string IncrementalFilter = "where id > (select max(id) from \"public\".\"m\")";

    [Fact]
    public void This_prints_the_models_relation_and_exposes_its_parts()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "select '{{ this }}' as me, '{{ this.schema }}' as s, '{{ this.identifier }}' as i",
        }, "m");

        Assert.Equal("select '\"public\".\"m\"' as me, 'public' as s, 'm' as i", sql);
    }

    [Fact]
    public void This_follows_schema_and_alias_config()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { schema: 'marts', alias: 'orders' } }}select '{{ this }}', '{{ this.schema }}', '{{ this.identifier }}'",
        }, "m");

        Assert.Equal("select '\"marts\".\"orders\"', 'marts', 'orders'", sql);
    }

    [Fact]
    public void Is_incremental_is_false_when_nobody_says_the_relation_exists()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string> { ["models/m.sql"] = Incremental }, "m");

        Assert.Contains("select 1 as id", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("where", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_incremental_is_true_for_an_incremental_model_whose_relation_exists()
    {
        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string> { ["models/m.sql"] = Incremental }, "m",
            o => o with { RelationExists = r => r.Schema == "public" && r.Identifier == "m" });

        Assert.Contains(IncrementalFilter, sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_incremental_is_false_with_full_refresh()
    {
        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string> { ["models/m.sql"] = Incremental }, "m",
            o => o with { RelationExists = _ => true, FullRefresh = true });

        Assert.DoesNotContain("where", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_incremental_is_false_for_a_table_even_when_it_exists()
    {
        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string> { ["models/m.sql"] = Incremental.Replace("'incremental'", "'table'", StringComparison.Ordinal) }, "m",
            o => o with { RelationExists = _ => true });

        Assert.DoesNotContain("where", sql, StringComparison.Ordinal);
    }
}
