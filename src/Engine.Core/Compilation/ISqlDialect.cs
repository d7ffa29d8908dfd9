namespace Engine.Core.Compilation;

/// <summary>
/// All SQL text that differs between warehouses. Declared here so that compilation stays in Core;
/// implemented in Engine.Warehouse. A dialect only makes text: it never opens a connection.
/// </summary>
public partial interface ISqlDialect
{
    /// <summary>The target type this dialect serves, as written in pipeline.yml (<c>postgres</c>, <c>snowflake</c>).</summary>
    string Name { get; }

    int MaxIdentifierLength { get; }

    bool SupportsMerge { get; }

    bool SupportsMaterializedViews { get; }

    /// <summary>
    /// The constraint types (<c>not_null</c>, <c>unique</c>, <c>primary_key</c>, <c>foreign_key</c>, <c>check</c>) the
    /// warehouse enforces; only these go into a contracted table's DDL, the others are reported as not enforced.
    /// </summary>
    IReadOnlyList<string> EnforcedConstraints { get; }

    string QuoteIdentifier(string identifier);

    string RelationName(Relation relation);

    string StringLiteral(string value);

    /// <summary>
    /// True when <paramref name="expression"/> is among the values <paramref name="subquery"/> returns (SQL's
    /// <c>in (subquery)</c>, which a dialect may write so that the lookup uses an index whatever the statistics say).
    /// </summary>
    string InSubquery(string expression, string subquery);

    /// <summary>md5 of the null-safe concatenation of <paramref name="expressions"/>, as dbt_utils.generate_surrogate_key.</summary>
    string SurrogateKey(IReadOnlyList<string> expressions);

    string DateTrunc(string datePart, string expression);

    string DateAdd(string datePart, string amount, string expression);

    string DateDiff(string datePart, string startExpression, string endExpression);

    /// <summary>A query with one column <c>date_{datePart}</c>, one row per period from start (inclusive) to end (exclusive).</summary>
    string DateSpine(string datePart, string startDate, string endDate);

    /// <summary>A cast that yields null instead of failing on a bad or out-of-range value; a type the dialect cannot check throws <see cref="ArgumentException"/>.</summary>
    string SafeCast(string expression, string type);

    string CurrentTimestamp();

    /// <summary>An instant as a timestamp-with-time-zone literal (microbatch windows).</summary>
    string TimestampLiteral(DateTimeOffset instant);

    /// <summary>Microbatch: deletes the rows of <paramref name="target"/> whose <paramref name="eventTime"/> lies in [start, end), before the window's rows are inserted.</summary>
    string DeleteWindow(Relation target, string eventTime, DateTimeOffset start, DateTimeOffset end);

    /// <summary>
    /// A value below every commit position (<c>_lsn</c>) the target's CDC sink writes: the high-water mark of an
    /// incremental model that has read nothing yet. The position's type is the sink's (PostgreSQL: <c>pg_lsn</c>).
    /// </summary>
    string LowestCdcPosition();

    /// <summary>A JSON field as text; <paramref name="path"/> is dot-separated (<c>map.summary_polyline</c>).</summary>
    string JsonField(string expression, string path);

    string UniqueTest(string relation, string column);

    string NotNullTest(string relation, string column);

    string AcceptedValuesTest(string relation, string column, IReadOnlyList<string> values, bool quote, bool acceptsNull);

    string RelationshipsTest(string relation, string column, string parentRelation, string parentColumn);
}
