using Engine.Core.Compilation;

namespace Engine.Warehouse.Ansi;

/// <summary>
/// The column list of a contracted table in standard SQL: each column with its type and <c>not null</c>, then the
/// other constraints as table constraints. Each adapter passes only the constraints its warehouse enforces.
/// </summary>
public static class AnsiConstraintSql
{
    public static string ColumnList(ISqlDialect dialect, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints)
    {
        var notNull = constraints.Where(c => c.Type == "not_null").SelectMany(c => c.Columns).ToHashSet(StringComparer.Ordinal);
        var lines = columns.Select(c => $"{dialect.QuoteIdentifier(c.Name)} {c.DataType}{(notNull.Contains(c.Name) ? " not null" : string.Empty)}").ToList();
        foreach (var constraint in constraints.Where(c => c.Type != "not_null"))
        {
            var named = constraint.Name is { } name ? $"constraint {dialect.QuoteIdentifier(name)} " : string.Empty;
            var list = string.Join(", ", constraint.Columns.Select(dialect.QuoteIdentifier));
            lines.Add(named + constraint.Type switch
            {
                "unique" => $"unique ({list})",
                "primary_key" => $"primary key ({list})",
                "check" => $"check ({constraint.Expression})",
                _ => constraint.References is { } to
                    ? $"foreign key ({list}) references {dialect.RelationName(to)} ({string.Join(", ", constraint.ReferencesColumns.Select(dialect.QuoteIdentifier))})"
                    : $"foreign key ({list}) references {constraint.Expression}",
            });
        }

        return "(\n  " + string.Join(",\n  ", lines) + "\n)";
    }
}
