using Engine.Core.Compilation;
using Engine.Core.Tests.Support;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Snowflake;
using Xunit;

namespace Engine.Core.Tests.Templating;

/// <summary>The cross-database helpers must forward to the target's dialect, so one model compiles for each warehouse.</summary>
public sealed class DialectFunctionTests
{
    private static string Render(string template, string target) =>
        ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["pipeline.yml"] = Targets.TwoTargets,
            ["models/m.sql"] = template,
        }, "m", target: target);

    private static (string Postgres, string Snowflake) RenderBoth(string template) => (Render(template, "dev"), Render(template, "sf"));

    [Fact]
    public void Surrogate_key_hashes_the_null_safe_concatenation_in_both_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ surrogate_key(['a', 'b']) }}");

        Assert.Equal(PostgresDialect.Instance.SurrogateKey(["a", "b"]), postgres);
        Assert.Equal(SnowflakeDialect.Instance.SurrogateKey(["a", "b"]), snowflake);
        foreach (var sql in new[] { postgres, snowflake })
        {
            Assert.StartsWith("md5(", sql, StringComparison.Ordinal);
            Assert.Contains("coalesce(cast(a as", sql, StringComparison.Ordinal);
            Assert.Contains("coalesce(cast(b as", sql, StringComparison.Ordinal);
        }

        // The string type differs: text on Postgres, varchar on Snowflake.
        Assert.NotEqual(postgres, snowflake);
    }

    [Fact]
    public void Dateadd_differs_between_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ dateadd 'day' 1 'created_at' }}");

        Assert.Equal("(created_at + ((interval '1 day') * (1)))", postgres);
        Assert.Equal("dateadd(day, 1, created_at)", snowflake);
    }

    [Fact]
    public void Safe_cast_differs_between_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ safe_cast 'raw_id' 'bigint' }}");

        Assert.Equal(PostgresDialect.Instance.SafeCast("raw_id", "bigint"), postgres);
        Assert.StartsWith("case when cast(raw_id as text) ~ ", postgres, StringComparison.Ordinal);
        Assert.EndsWith("then cast(cast(raw_id as text) as bigint) end end", postgres, StringComparison.Ordinal);
        Assert.Equal("try_cast(raw_id as bigint)", snowflake);
    }

    [Fact]
    public void Json_field_differs_between_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ json_field 'raw' 'map.summary_polyline' }}");

        Assert.Equal("((raw)::jsonb #>> array['map', 'summary_polyline'])", postgres);
        Assert.Equal("(raw)['map']['summary_polyline']::varchar", snowflake);
    }

    [Fact]
    public void Date_spine_yields_one_column_named_after_the_date_part()
    {
        var (postgres, snowflake) = RenderBoth("{{ date_spine 'day' \"'2024-01-01'\" \"'2024-02-01'\" }}");

        Assert.Equal(PostgresDialect.Instance.DateSpine("day", "'2024-01-01'", "'2024-02-01'"), postgres);
        Assert.Contains("generate_series(cast('2024-01-01' as timestamp)", postgres, StringComparison.Ordinal);
        Assert.Equal(SnowflakeDialect.Instance.DateSpine("day", "'2024-01-01'", "'2024-02-01'"), snowflake);
        Assert.Contains("generator(", snowflake, StringComparison.Ordinal);
        Assert.All(new[] { postgres, snowflake }, sql => Assert.Contains("as date_day", sql, StringComparison.Ordinal));
    }

    [Fact]
    public void Date_trunc_is_the_same_in_both_dialects_and_normalises_the_part()
    {
        var (postgres, snowflake) = RenderBoth("{{ date_trunc 'Month' 'created_at' }}");

        Assert.Equal("date_trunc('month', created_at)", postgres);
        Assert.Equal("date_trunc('month', created_at)", snowflake);
    }

    [Fact]
    public void Datediff_differs_between_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ datediff 'day' 'started_at' 'ended_at' }}");

        Assert.Equal("((ended_at)::date - (started_at)::date)", postgres);
        Assert.Equal("datediff(day, started_at, ended_at)", snowflake);
    }

    [Fact]
    public void Current_timestamp_differs_between_dialects()
    {
        var (postgres, snowflake) = RenderBoth("{{ current_timestamp() }}");

        Assert.Equal("now()", postgres);
        Assert.Equal("current_timestamp()", snowflake);
    }

    [Fact]
    public void Quote_identifier_and_string_literal_follow_the_dialect()
    {
        var (postgres, snowflake) = RenderBoth("{{ quote_identifier 'Order Id' }} {{ quote_identifier 'status' }} {{ string_literal \"it's\" }}");

        Assert.Equal("\"Order Id\" \"status\" 'it''s'", postgres);
        Assert.Equal("\"Order Id\" status 'it''s'", snowflake);
    }

    [Fact]
    public void Helpers_compose()
    {
        var sql = Render("{{ dateadd 'day' '-1' (dateadd 'month' '1' (date_trunc 'month' 'd')) }}", "sf");

        Assert.Equal("dateadd(day, -1, dateadd(month, 1, date_trunc('month', d)))", sql);
    }

    [Fact]
    public void The_chosen_target_picks_the_dialect()
    {
        using var project = new TempProject(new Dictionary<string, string> { ["pipeline.yml"] = Targets.TwoTargets });

        var (dev, _) = ProjectPipeline.Parse(project);
        var (sf, _) = ProjectPipeline.Parse(project, target: "sf");

        Assert.IsType<PostgresDialect>(dev!.Options.Dialect);
        Assert.IsType<SnowflakeDialect>(sf!.Options.Dialect);
        Assert.IsAssignableFrom<ISqlDialect>(sf.Environment.Dialect);
    }
}
