using Engine.Core.Compilation;
using Engine.Warehouse.Tests.Support;
using Xunit;

namespace Engine.Warehouse.Tests.Ansi;

/// <summary>
/// Every dialect must produce every snapshot: a new dialect subclasses this and gets one approved file per helper.
/// </summary>
public abstract class DialectContractTests(ISqlDialect dialect)
{
    private void Verify(string sql, string helper) => SqlApprovals.Verify(sql, $"{dialect.Name}.{helper}");

    [Fact]
    public void SurrogateKey() => Verify(dialect.SurrogateKey(["athlete_id", "cast(valid_from as date)"]), "surrogate_key");

    [Fact]
    public void DateTrunc() => Verify(dialect.DateTrunc("month", "started_at"), "date_trunc");

    [Fact]
    public void DateAdd() => Verify(dialect.DateAdd("day", "-1", "month_start_date"), "dateadd");

    [Fact]
    public void DateDiff() => Verify(string.Join("\n", new[] { "day", "week", "month", "quarter", "year", "hour" }
        .Select(p => dialect.DateDiff(p, "valid_from", "valid_to"))), "datediff");

    [Fact]
    public void DateSpine() => Verify(dialect.DateSpine("day", "'2010-01-01'", "'2011-01-01'"), "date_spine");

    [Fact]
    public void SafeCast() => Verify(string.Join("\n", new[] { "bigint", "numeric(10,2)", "boolean", "date", "text" }
        .Select(t => dialect.SafeCast("raw_value", t))), "safe_cast");

    [Fact]
    public void MicrobatchDeleteWindow() => Verify(dialect.DeleteWindow(new Relation("warehouse", "dwh", "daily_counts"), "occurred_at",
        new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 16, 0, 0, 0, TimeSpan.Zero)), "microbatch_delete_window");

    [Fact]
    public void CurrentTimestamp() => Verify(dialect.CurrentTimestamp(), "current_timestamp");

    [Fact]
    public void LowestCdcPosition() => Verify(dialect.LowestCdcPosition(), "lowest_cdc_position");

    [Fact]
    public void JsonField() => Verify(dialect.JsonField("raw", "map.summary_polyline"), "json_field");

    [Fact]
    public void RelationNames() => Verify(string.Join("\n",
        dialect.RelationName(new Relation("warehouse", "dwh", "fact_activity")),
        dialect.RelationName(new Relation(null, "raw", "Mixed Case")),
        dialect.QuoteIdentifier("has\"quote")), "relation_names");

    [Fact]
    public void UniqueTest() => Verify(dialect.UniqueTest("\"raw\".\"activities\"", "activity_id"), "test_unique");

    [Fact]
    public void NotNullTest() => Verify(dialect.NotNullTest("\"raw\".\"activities\"", "activity_id"), "test_not_null");

    [Fact]
    public void AcceptedValuesTest() => Verify(dialect.AcceptedValuesTest("\"raw\".\"athletes\"", "sex", ["F", "M"], quote: true, acceptsNull: true), "test_accepted_values");

    [Fact]
    public void AcceptedValuesWithoutNullTest() => Verify(dialect.AcceptedValuesTest("\"raw\".\"athletes\"", "sex", ["F", "M"], quote: true, acceptsNull: false), "test_accepted_values_no_null");

    [Fact]
    public void RelationshipsTest() =>
        Verify(dialect.RelationshipsTest("\"dwh\".\"fact_activity\"", "athlete_key", "\"dwh\".\"dim_athlete\"", "athlete_key"), "test_relationships");
}
