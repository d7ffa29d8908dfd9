using System.Text;
using Engine.Core.Compilation;

namespace Engine.Warehouse.Ansi;

/// <summary>
/// SQL that most warehouses share. Dialects override only what differs, so the differences stay easy to see.
/// Test queries follow dbt's generic tests: a test fails when its query returns rows.
/// </summary>
public abstract partial class AnsiDialect : ISqlDialect
{
    public abstract string Name { get; }

    public abstract int MaxIdentifierLength { get; }

    public virtual bool SupportsMerge => true;

    public virtual bool SupportsMaterializedViews => true;

    public virtual IReadOnlyList<string> EnforcedConstraints { get; } = ["not_null", "unique", "primary_key", "foreign_key", "check"];

    public virtual string QuoteIdentifier(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public virtual string RelationName(Relation relation)
    {
        var builder = new StringBuilder();
        if (relation.Database is { Length: > 0 } database)
        {
            builder.Append(QuoteIdentifier(database)).Append('.');
        }

        return builder.Append(QuoteIdentifier(relation.Schema)).Append('.').Append(QuoteIdentifier(relation.Identifier)).ToString();
    }

    public virtual string StringLiteral(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    public virtual string StringType => "varchar";

    public virtual string InSubquery(string expression, string subquery) => $"{expression} in ({subquery})";

    public virtual string SurrogateKey(IReadOnlyList<string> expressions)
    {
        // Null-safe: a null column becomes a marker so that (null, 'a') and ('a', null) differ, as in dbt_utils.
        var parts = expressions.Select(e => $"coalesce(cast({e} as {StringType}), '_engine_null_')");
        return $"md5(cast({string.Join(" || '-' || ", parts)} as {StringType}))";
    }

    public abstract string DateTrunc(string datePart, string expression);

    public abstract string DateAdd(string datePart, string amount, string expression);

    public abstract string DateDiff(string datePart, string startExpression, string endExpression);

    public abstract string DateSpine(string datePart, string startDate, string endDate);

    public abstract string SafeCast(string expression, string type);

    public virtual string CurrentTimestamp() => "current_timestamp";

    /// <summary>The SQL standard's spelling, which PostgreSQL and Snowflake (TIMESTAMP_TZ) both read.</summary>
    public virtual string TimestampLiteral(DateTimeOffset instant) => $"cast({StringLiteral(RunPartition.Literal(instant))} as timestamp with time zone)";

    public virtual string DeleteWindow(Relation target, string eventTime, DateTimeOffset start, DateTimeOffset end) =>
        $"delete from {RelationName(target)}\nwhere {QuoteIdentifier(eventTime)} >= {TimestampLiteral(start)} and {QuoteIdentifier(eventTime)} < {TimestampLiteral(end)}";

    public abstract string JsonField(string expression, string path);

    public abstract string LowestCdcPosition();

    public virtual string UniqueTest(string relation, string column) =>
        $"select {column} as unique_field, count(*) as n_records\nfrom {relation}\nwhere {column} is not null\ngroup by {column}\nhaving count(*) > 1\n";

    public virtual string NotNullTest(string relation, string column) =>
        $"select {column}\nfrom {relation}\nwhere {column} is null\n";

    public virtual string AcceptedValuesTest(string relation, string column, IReadOnlyList<string> values, bool quote, bool acceptsNull)
    {
        var list = string.Join(", ", values.Select(v => quote ? StringLiteral(v) : v));
        // NOT IN never matches a null, so nulls pass exactly when null is among the accepted values.
        var filter = (values.Count, acceptsNull) switch
        {
            (0, true) => "value_field is not null",
            (0, false) => "true",
            (_, true) => $"value_field not in ({list})",
            (_, false) => $"value_field not in ({list}) or value_field is null",
        };
        return $"with all_values as (\n    select {column} as value_field, count(*) as n_records\n    from {relation}\n    group by {column}\n)\nselect *\nfrom all_values\nwhere {filter}\n";
    }

    public virtual string RelationshipsTest(string relation, string column, string parentRelation, string parentColumn) =>
        $"with child as (\n    select {column} as from_field\n    from {relation}\n    where {column} is not null\n),\nparent as (\n    select {parentColumn} as to_field\n    from {parentRelation}\n)\nselect from_field\nfrom child\nleft join parent on child.from_field = parent.to_field\nwhere parent.to_field is null\n";
}
