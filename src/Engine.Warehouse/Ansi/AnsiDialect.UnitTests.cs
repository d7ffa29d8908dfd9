using Engine.Core.Compilation;

namespace Engine.Warehouse.Ansi;

/// <summary>Unit tests (dbt 1.8) in SQL both PostgreSQL and Snowflake read: literal rows, and a null-safe comparison by row counts.</summary>
public abstract partial class AnsiDialect
{
    public virtual string UnitTestInputRows(IReadOnlyList<(string Name, string? Type)> columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        if (rows.Count == 0)
        {
            var typed = columns.Select(c => $"cast(null as {c.Type ?? StringType}) as {QuoteIdentifier(c.Name)}");
            return $"select {string.Join(", ", typed)}\nwhere 1 = 0";
        }

        return string.Join("\nunion all\n", rows.Select(row =>
            "select " + string.Join(", ", columns.Select(c => $"{InputValue(row.GetValueOrDefault(c.Name), c.Type)} as {QuoteIdentifier(c.Name)}"))));
    }

    public virtual string UnitTestExpectedRows(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        // The first branch reads no row of the model; it gives the literals after it the model's column types.
        var typed = columns.Count == 0 ? "select 1 as engine_row" : $"select {string.Join(", ", columns.Select(QuoteIdentifier))}";
        var literals = rows.Select(row => columns.Count == 0
            ? "select 1"
            : "select " + string.Join(", ", row.Select(v => v is null ? "null" : StringLiteral(v))));
        return string.Join("\nunion all\n", literals.Prepend($"{typed}\nfrom actual\nwhere 1 = 0"));
    }

    public virtual string UnitTestComparison(string actualSql, string expectedSql, IReadOnlyList<string> columns)
    {
        var quoted = columns.Select(QuoteIdentifier).ToList();
        var list = quoted.Count == 0 ? string.Empty : string.Join(", ", quoted) + ", ";
        var groupBy = quoted.Count == 0 ? string.Empty : $"\n    group by {string.Join(", ", quoted)}";
        var on = quoted.Count == 0 ? "1 = 1" : string.Join("\n    and ", quoted.Select(c => $"l.{c} is not distinct from r.{c}"));
        string Side(string sign, string left, string right) =>
            $"select '{sign}' as diff, {string.Concat(quoted.Select(c => $"l.{c}, "))}l.engine_rows - coalesce(r.engine_rows, 0) as times\n" +
            $"from {left} l\nleft join {right} r\n    on {on}\nwhere l.engine_rows > coalesce(r.engine_rows, 0)";
        return $"with actual as (\n{actualSql.Trim().TrimEnd(';')}\n),\nexpected as (\n{expectedSql}\n),\n" +
            $"actual_rows as (\n    select {list}count(*) as engine_rows\n    from actual{groupBy}\n),\n" +
            $"expected_rows as (\n    select {list}count(*) as engine_rows\n    from expected{groupBy}\n)\n" +
            $"{Side("+", "actual_rows", "expected_rows")}\nunion all\n{Side("-", "expected_rows", "actual_rows")}\n";
    }

    private string InputValue(object? value, string? type)
    {
        var text = UnitTestCompiler.Literal(value);
        if (type is not null)
        {
            return text is null ? $"cast(null as {type})" : $"cast({StringLiteral(text)} as {type})";
        }

        return value switch
        {
            null => "null",
            long or double or bool => text!,
            _ => StringLiteral(text!),
        };
    }
}
