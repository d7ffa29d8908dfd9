using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// Reconciles an incremental target with the columns the model now produces, per <c>on_schema_change</c>;
/// returns the columns the strategy writes, in the target's order.
/// </summary>
public static class SchemaChange
{
    public static async Task<IReadOnlyList<string>> ReconcileAsync(NodeContext context, RelationInfo target, IReadOnlyList<ColumnInfo> incoming, string mode)
    {
        var existing = target.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var arriving = incoming.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var added = incoming.Where(c => !existing.ContainsKey(c.Name)).ToList();
        var removed = target.Columns.Where(c => !arriving.ContainsKey(c.Name)).ToList();
        var retyped = incoming.Where(c => existing.TryGetValue(c.Name, out var old) && old.DataType != c.DataType).ToList();
        var sql = context.Statements;
        switch (mode)
        {
            case "fail" when added.Count + removed.Count + retyped.Count > 0:
                var changes = added.Select(c => $"added {c.Name} {c.DataType}")
                    .Concat(removed.Select(c => $"removed {c.Name}"))
                    .Concat(retyped.Select(c => $"{c.Name} {existing[c.Name].DataType} -> {c.DataType}"));
                throw new NodeFailure($"{context.Node.RelativePath}: the model's columns changed and on_schema_change is 'fail': {string.Join(", ", changes)}; run with --full-refresh or set on_schema_change");
            case "append_new_columns":
                foreach (var column in added)
                {
                    await context.ExecuteAsync(sql.AddColumn(context.Relation, column)).ConfigureAwait(false);
                }

                return [.. target.Columns.Select(c => c.Name).Where(arriving.ContainsKey), .. added.Select(c => c.Name)];
            case "sync_all_columns":
                foreach (var column in added)
                {
                    await context.ExecuteAsync(sql.AddColumn(context.Relation, column)).ConfigureAwait(false);
                }

                foreach (var column in removed)
                {
                    await context.ExecuteAsync(sql.DropColumn(context.Relation, column.Name)).ConfigureAwait(false);
                }

                foreach (var column in retyped)
                {
                    await context.ExecuteAsync(sql.AlterColumnType(context.Relation, column)).ConfigureAwait(false);
                }

                return [.. target.Columns.Select(c => c.Name).Where(arriving.ContainsKey), .. added.Select(c => c.Name)];
            default:
                return [.. target.Columns.Select(c => c.Name).Where(arriving.ContainsKey)];
        }
    }
}
