namespace Engine.Core.Compilation;

/// <summary>
/// dbt_utils' generic tests, built in so a project pasted from dbt needs no package. Each follows the macro of the
/// same name in dbt-labs/dbt-utils (macros/generic_tests): same arguments, same failing rows. Relations, columns and
/// expressions arrive as SQL text; group-by column lists may be empty.
/// </summary>
public partial interface ISqlDialect
{
    string ExpressionIsTrueTest(string relation, string expression, string? column);

    /// <summary>Fails rows outside [min, max] (or (min, max) when not inclusive); a null bound is not checked.</summary>
    string AcceptedRangeTest(string relation, string column, string? minValue, string? maxValue, bool inclusive);

    string UniqueCombinationOfColumnsTest(string relation, IReadOnlyList<string> columns);

    string NotConstantTest(string relation, string column, IReadOnlyList<string> groupBy);

    string AtLeastOneTest(string relation, string column, IReadOnlyList<string> groupBy);

    string NotEmptyStringTest(string relation, string column, bool trimWhitespace);

    /// <summary>Fails when the newest <paramref name="field"/> is older than now minus <paramref name="interval"/> <paramref name="datePart"/>s, or missing.</summary>
    string RecencyTest(string relation, string field, string datePart, long interval, bool ignoreTimeComponent, IReadOnlyList<string> groupBy);

    string EqualRowcountTest(string relation, string compareRelation, IReadOnlyList<string> groupBy);

    string FewerRowsThanTest(string relation, string compareRelation, IReadOnlyList<string> groupBy);

    string RelationshipsWhereTest(string relation, string column, string parentRelation, string parentColumn, string fromCondition, string toCondition);

    /// <summary><paramref name="gaps"/> is <c>allowed</c>, <c>not_allowed</c> or <c>required</c>.</summary>
    string MutuallyExclusiveRangesTest(string relation, string lowerBound, string upperBound, string? partitionBy, string gaps, bool zeroLengthRangeAllowed);

    /// <summary>Without <paramref name="datePart"/> each value must be the previous plus <paramref name="interval"/>; with it, that many date parts later.</summary>
    string SequentialValuesTest(string relation, string column, long interval, string? datePart, IReadOnlyList<string> groupBy);

    string NotNullProportionTest(string relation, string column, string atLeast, string atMost, IReadOnlyList<string> groupBy);
}
