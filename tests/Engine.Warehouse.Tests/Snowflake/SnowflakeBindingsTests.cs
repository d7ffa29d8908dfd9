using Engine.Warehouse.Snowflake;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

public sealed class SnowflakeBindingsTests
{
    [Fact]
    public void Named_placeholders_become_positional_bindings_in_order_of_appearance()
    {
        var (sql, bindings) = SnowflakeBindings.Positional(
            "select * from t where a = cast(@filter_b as int) and c = @filter_a or d = @filter_b",
            [new QueryParameter("filter_a", "text", "x"), new QueryParameter("filter_b", "int", null)]);

        Assert.Equal("select * from t where a = cast(? as int) and c = ? or d = ?", sql);
        Assert.Equal([null, "x", null], bindings.Select(b => (string?)b.Value));
    }

    [Fact]
    public void Placeholders_inside_literals_and_unknown_names_are_left_as_written()
    {
        var (sql, bindings) = SnowflakeBindings.Positional(
            "select '@filter_a', \"@filter_a\", 'it''s @filter_a' from @stage where x = @filter_a",
            [new QueryParameter("filter_a", "text", "v")]);

        Assert.Equal("select '@filter_a', \"@filter_a\", 'it''s @filter_a' from @stage where x = ?", sql);
        Assert.Single(bindings);
    }
}
