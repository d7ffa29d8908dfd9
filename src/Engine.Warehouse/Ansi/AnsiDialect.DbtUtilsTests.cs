using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Warehouse.Ansi;

/// <summary>
/// dbt_utils' generic tests (dbt-labs/dbt-utils, macros/generic_tests), written once for every dialect: they differ
/// only where they call <see cref="DateAdd"/> and <see cref="CurrentTimestamp"/>.
/// </summary>
public abstract partial class AnsiDialect
{
    /// <summary>dbt's <c>type_numeric()</c> on PostgreSQL and Snowflake alike.</summary>
    protected virtual string NumericType => "numeric(28,6)";

    protected virtual string TimestampType => "timestamp";

    // dbt selects 1 unless failures are stored; the engine shows a failing test's rows, so it keeps them all.
    public virtual string ExpressionIsTrueTest(string relation, string expression, string? column) =>
        $"select *\nfrom {relation}\nwhere not({(column is null ? expression : $"{column} {expression}")})\n";

    public virtual string AcceptedRangeTest(string relation, string column, string? minValue, string? maxValue, bool inclusive)
    {
        var equal = inclusive ? "=" : string.Empty;
        var conditions = "    1 = 2";
        if (minValue is not null)
        {
            conditions += $"\n    or not {column} >{equal} {minValue}";
        }

        if (maxValue is not null)
        {
            conditions += $"\n    or not {column} <{equal} {maxValue}";
        }

        return $"with meet_condition as (\n  select *\n  from {relation}\n),\nvalidation_errors as (\n  select *\n  from meet_condition\n  where\n{conditions}\n)\nselect *\nfrom validation_errors\n";
    }

    public virtual string UniqueCombinationOfColumnsTest(string relation, IReadOnlyList<string> columns)
    {
        var list = string.Join(", ", columns);
        return $"with validation_errors as (\n    select\n        {list}\n    from {relation}\n    group by {list}\n    having count(*) > 1\n)\nselect *\nfrom validation_errors\n";
    }

    public virtual string NotConstantTest(string relation, string column, IReadOnlyList<string> groupBy) =>
        $"select\n    {SelectGroupBy(groupBy)}count(distinct {column}) as filler_column\nfrom {relation}{GroupByLine(groupBy, string.Empty)}\nhaving count(distinct {column}) = 1\n";

    public virtual string AtLeastOneTest(string relation, string column, IReadOnlyList<string> groupBy)
    {
        var pruned = groupBy.Count == 0 ? [column] : groupBy.Contains(column) ? groupBy : [.. groupBy, column];
        var filter = groupBy.Count == 0 ? $"\n      where {column} is not null\n      limit 1" : string.Empty;
        return $"select *\nfrom (\n    with pruned_rows as (\n      select\n        {string.Join(", ", pruned)}\n      from {relation}{filter}\n    )\n" +
            $"    select\n      {SelectGroupBy(groupBy)}count({column}) as filler_column\n    from pruned_rows{GroupByLine(groupBy, "    ")}\n    having count({column}) = 0\n) validation_errors\n";
    }

    public virtual string NotEmptyStringTest(string relation, string column, bool trimWhitespace)
    {
        var value = trimWhitespace ? $"trim({column}) as {column}" : column;
        return $"with all_values as (\n    select\n        {value}\n    from {relation}\n),\nerrors as (\n    select * from all_values\n    where {column} = ''\n)\nselect * from errors\n";
    }

    public virtual string RecencyTest(string relation, string field, string datePart, long interval, bool ignoreTimeComponent, IReadOnlyList<string> groupBy)
    {
        var amount = (-interval).ToString(CultureInfo.InvariantCulture);
        var threshold = $"cast({DateAdd(datePart, amount, CurrentTimestamp())} as {(ignoreTimeComponent ? "date" : TimestampType)})";
        var mostRecent = ignoreTimeComponent ? $"cast(max({field}) as date)" : $"max({field})";
        return $"with recency as (\n    select\n      {SelectGroupBy(groupBy)}{mostRecent} as most_recent\n    from {relation}{GroupByLine(groupBy, "    ")}\n)\n" +
            $"select\n    {SelectGroupBy(groupBy)}most_recent,\n    {threshold} as threshold\nfrom recency\nwhere most_recent < {threshold}\n   or most_recent is null\n";
    }

    // dbt_utils sums diff_count (fail_calc); the engine counts failing rows, so the rows that differ are the ones returned.
    public virtual string EqualRowcountTest(string relation, string compareRelation, IReadOnlyList<string> groupBy) =>
        RowCountComparison(relation, compareRelation, groupBy, "id_dbtutils_test_equal_rowcount", "count_a", "count_b",
            "abs(count_a - count_b) as diff_count", "diff_count > 0");

    public virtual string FewerRowsThanTest(string relation, string compareRelation, IReadOnlyList<string> groupBy) =>
        RowCountComparison(relation, compareRelation, groupBy, "id_dbtutils_test_fewer_rows_than", "count_our_model", "count_comparison_model",
            "case\n            when count_our_model > count_comparison_model then (count_our_model - count_comparison_model)\n" +
            "            when count_our_model = count_comparison_model then 1\n            else 0\n        end as row_count_delta",
            "row_count_delta > 0");

    public virtual string RelationshipsWhereTest(string relation, string column, string parentRelation, string parentColumn, string fromCondition, string toCondition) =>
        $"with left_table as (\n  select\n    {column} as id\n  from {relation}\n  where {column} is not null\n    and {fromCondition}\n),\n" +
        $"right_table as (\n  select\n    {parentColumn} as id\n  from {parentRelation}\n  where {parentColumn} is not null\n    and {toCondition}\n),\n" +
        "exceptions as (\n  select\n    left_table.id,\n    right_table.id as right_id\n  from left_table\n  left join right_table\n         on left_table.id = right_table.id\n  where right_table.id is null\n)\nselect * from exceptions\n";

    public virtual string MutuallyExclusiveRangesTest(string relation, string lowerBound, string upperBound, string? partitionBy, string gaps, bool zeroLengthRangeAllowed)
    {
        var (gapOperator, gapWords) = gaps switch
        {
            "not_allowed" => ("=", "equal_to"),
            "required" => ("<", "less_than"),
            "allowed" => ("<=", "less_than_or_equal_to"),
            _ => throw new ArgumentException($"mutually_exclusive_ranges: gaps must be one of allowed, not_allowed, required, not '{gaps}'", nameof(gaps)),
        };
        var (zeroOperator, zeroWords) = zeroLengthRangeAllowed ? ("<=", "less_than_or_equal_to") : ("<", "less_than");
        var partition = partitionBy is null ? string.Empty : $"partition by {partitionBy} ";
        var partitionColumn = partitionBy is null ? string.Empty : $"{partitionBy} as partition_by_col,\n        ";
        return $"with window_functions as (\n    select\n        {partitionColumn}{lowerBound} as lower_bound,\n        {upperBound} as upper_bound,\n" +
            $"        lead({lowerBound}) over (\n            {partition}order by {lowerBound}, {upperBound}\n        ) as next_lower_bound,\n" +
            $"        row_number() over (\n            {partition}order by {lowerBound} desc, {upperBound} desc\n        ) = 1 as is_last_record\n    from {relation}\n),\n" +
            $"calc as (\n    select\n        *,\n        coalesce(\n            lower_bound {zeroOperator} upper_bound,\n            false\n        ) as lower_bound_{zeroWords}_upper_bound,\n" +
            $"        coalesce(\n            upper_bound {gapOperator} next_lower_bound,\n            is_last_record,\n            false\n        ) as upper_bound_{gapWords}_next_lower_bound\n    from window_functions\n),\n" +
            $"validation_errors as (\n    select\n        *\n    from calc\n    where not(\n        lower_bound_{zeroWords}_upper_bound\n        and upper_bound_{gapWords}_next_lower_bound\n    )\n)\nselect * from validation_errors\n";
    }

    public virtual string SequentialValuesTest(string relation, string column, long interval, string? datePart, IReadOnlyList<string> groupBy)
    {
        var previous = $"previous_{Slug(column)}";
        var step = interval.ToString(CultureInfo.InvariantCulture);
        var partition = groupBy.Count == 0 ? string.Empty : $"partition by {string.Join(", ", groupBy)} ";
        var condition = datePart is null
            ? $"{column} = {previous} + {step}"
            : $"cast({column} as {TimestampType}) = cast({DateAdd(datePart, step, previous)} as {TimestampType})";
        return $"with windowed as (\n    select\n        {SelectGroupBy(groupBy)}{column},\n        lag({column}) over (\n            {partition}order by {column}\n        ) as {previous}\n    from {relation}\n),\n" +
            $"validation_errors as (\n    select\n        *\n    from windowed\n    where not({condition})\n)\nselect *\nfrom validation_errors\n";
    }

    public virtual string NotNullProportionTest(string relation, string column, string atLeast, string atMost, IReadOnlyList<string> groupBy) =>
        $"with validation as (\n  select\n    {SelectGroupBy(groupBy)}sum(case when {column} is null then 0 else 1 end) / cast(count(*) as {NumericType}) as not_null_proportion\n  from {relation}{GroupByLine(groupBy, "  ")}\n),\n" +
        $"validation_errors as (\n  select\n    {SelectGroupBy(groupBy)}not_null_proportion\n  from validation\n  where not_null_proportion < {atLeast} or not_null_proportion > {atMost}\n)\nselect\n  *\nfrom validation_errors\n";

    private string RowCountComparison(
        string relation, string compareRelation, IReadOnlyList<string> groupBy, string key, string countA, string countB, string measure, string failing)
    {
        // A constant join key, as dbt_utils uses, so that a full join needs no dynamic condition when nothing is grouped.
        var select = SelectGroupBy(groupBy);
        var groupColumns = string.Join(", ", groupBy.Prepend(key));
        var join = string.Concat(groupBy.Select(c => $"\n    and a.{c} = b.{c}"));
        var pairs = string.Concat(groupBy.Prepend(key).Select(c => $"a.{c} as {c}_a,\n        b.{c} as {c}_b,\n        "));
        return $"with a as (\n    select\n      {select}1 as {key},\n      count(*) as {countA}\n    from {relation}\n    group by {groupColumns}\n),\n" +
            $"b as (\n    select\n      {select}1 as {key},\n      count(*) as {countB}\n    from {compareRelation}\n    group by {groupColumns}\n),\n" +
            $"final as (\n    select\n        {pairs}{countA},\n        {countB},\n        {measure}\n    from a\n    full join b\n    on a.{key} = b.{key}{join}\n)\n" +
            $"select * from final\nwhere {failing}\n";
    }

    private static string SelectGroupBy(IReadOnlyList<string> groupBy) => groupBy.Count == 0 ? string.Empty : $"{string.Join(", ", groupBy)}, ";

    private static string GroupByLine(IReadOnlyList<string> groupBy, string indent) =>
        groupBy.Count == 0 ? string.Empty : $"\n{indent}group by {string.Join(", ", groupBy)}";

    /// <summary>dbt_utils.slugify: lower case, runs of anything but letters, digits and '_' become one '_'.</summary>
    private static string Slug(string text) => SlugChars().Replace(text.ToLowerInvariant(), "_").Trim('_');

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex SlugChars();
}
