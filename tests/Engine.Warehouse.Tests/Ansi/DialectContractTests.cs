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

    [Fact]
    public void DbtUtilsExpressionIsTrueTest() => Verify(string.Join("\n-- on a column\n",
        dialect.ExpressionIsTrueTest(Fact, "moving_time_s <= elapsed_time_s", null),
        dialect.ExpressionIsTrueTest(Fact, ">= 0", "distance_m")), "test_dbt_utils_expression_is_true");

    [Fact]
    public void DbtUtilsAcceptedRangeTest() => Verify(string.Join("\n-- exclusive, max only\n",
        dialect.AcceptedRangeTest(Fact, "distance_m", "0", "1000000", inclusive: true),
        dialect.AcceptedRangeTest(Fact, "distance_m", null, "1000000", inclusive: false)), "test_dbt_utils_accepted_range");

    [Fact]
    public void DbtUtilsUniqueCombinationOfColumnsTest() =>
        Verify(dialect.UniqueCombinationOfColumnsTest(Fact, ["athlete_key", "started_at"]), "test_dbt_utils_unique_combination_of_columns");

    [Fact]
    public void DbtUtilsNotConstantTest() => Verify(string.Join("\n-- grouped\n",
        dialect.NotConstantTest(Fact, "activity_type", []),
        dialect.NotConstantTest(Fact, "activity_type", ["athlete_key"])), "test_dbt_utils_not_constant");

    [Fact]
    public void DbtUtilsAtLeastOneTest() => Verify(string.Join("\n-- grouped\n",
        dialect.AtLeastOneTest(Fact, "location_key", []),
        dialect.AtLeastOneTest(Fact, "location_key", ["athlete_key"])), "test_dbt_utils_at_least_one");

    [Fact]
    public void DbtUtilsNotEmptyStringTest() => Verify(string.Join("\n-- untrimmed\n",
        dialect.NotEmptyStringTest(Fact, "activity_type", trimWhitespace: true),
        dialect.NotEmptyStringTest(Fact, "activity_type", trimWhitespace: false)), "test_dbt_utils_not_empty_string");

    [Fact]
    public void DbtUtilsRecencyTest() => Verify(string.Join("\n-- dates, grouped\n",
        dialect.RecencyTest(Fact, "started_at", "day", 3, ignoreTimeComponent: false, []),
        dialect.RecencyTest(Fact, "started_at", "month", 1, ignoreTimeComponent: true, ["athlete_key"])), "test_dbt_utils_recency");

    [Fact]
    public void DbtUtilsEqualRowcountTest() => Verify(string.Join("\n-- grouped\n",
        dialect.EqualRowcountTest(Fact, "\"dwh\".\"bi_analysis\"", []),
        dialect.EqualRowcountTest(Fact, "\"dwh\".\"bi_analysis\"", ["athlete_key"])), "test_dbt_utils_equal_rowcount");

    [Fact]
    public void DbtUtilsFewerRowsThanTest() => Verify(string.Join("\n-- grouped\n",
        dialect.FewerRowsThanTest("\"dwh\".\"dim_athlete\"", Fact, []),
        dialect.FewerRowsThanTest("\"dwh\".\"dim_athlete\"", Fact, ["athlete_id"])), "test_dbt_utils_fewer_rows_than");

    [Fact]
    public void DbtUtilsRelationshipsWhereTest() => Verify(dialect.RelationshipsWhereTest(
        Fact, "location_key", "\"dwh\".\"dim_location\"", "location_key", "started_at >= '2020-01-01'", "1=1"), "test_dbt_utils_relationships_where");

    [Fact]
    public void DbtUtilsMutuallyExclusiveRangesTest() => Verify(string.Join("\n-- no gaps, zero length allowed, unpartitioned\n",
        dialect.MutuallyExclusiveRangesTest("\"dwh\".\"dim_athlete\"", "valid_from", "coalesce(valid_to, '9999-12-31')", "athlete_id", "allowed", zeroLengthRangeAllowed: false),
        dialect.MutuallyExclusiveRangesTest("\"dwh\".\"dim_athlete\"", "valid_from", "valid_to", null, "not_allowed", zeroLengthRangeAllowed: true)), "test_dbt_utils_mutually_exclusive_ranges");

    [Fact]
    public void DbtUtilsSequentialValuesTest() => Verify(string.Join("\n-- by date part, grouped\n",
        dialect.SequentialValuesTest("\"dwh\".\"dim_date\"", "date_key", 1, null, []),
        dialect.SequentialValuesTest("\"dwh\".\"dim_date\"", "date_day", 1, "day", ["month_of_year"])), "test_dbt_utils_sequential_values");

    [Fact]
    public void DbtUtilsNotNullProportionTest() => Verify(string.Join("\n-- grouped\n",
        dialect.NotNullProportionTest(Fact, "location_key", "0.5", "1", []),
        dialect.NotNullProportionTest(Fact, "location_key", "0.5", "0.99", ["athlete_key"])), "test_dbt_utils_not_null_proportion");

    [Fact]
    public void UnitTestInputRows() => Verify(string.Join("\n-- next: untyped; then no rows\n",
        dialect.UnitTestInputRows([("athlete_id", "bigint"), ("city", "text"), ("updated_at", "timestamp with time zone")],
            [new Dictionary<string, object?> { ["athlete_id"] = 1L, ["city"] = "O'Brien" }, new Dictionary<string, object?> { ["athlete_id"] = 2L, ["updated_at"] = "2024-01-01 08:00:00+00" }]),
        dialect.UnitTestInputRows([("athlete_id", null), ("ok", null), ("city", null)],
            [new Dictionary<string, object?> { ["athlete_id"] = 1L, ["ok"] = true, ["city"] = "Ghent" }]),
        dialect.UnitTestInputRows([("athlete_id", "bigint")], [])), "unit_test_input_rows");

    [Fact]
    public void UnitTestComparison() => Verify(dialect.UnitTestComparison(
        "select athlete_id, count(*) as n from \"__engine_unit__ref_a\" group by athlete_id",
        dialect.UnitTestExpectedRows(["athlete_id", "n"], [["1", "2"], ["2", null]]),
        ["athlete_id", "n"]), "unit_test_comparison");

    private const string Fact = "\"dwh\".\"fact_activity\"";
}
