using System.Globalization;
using System.Text;
using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// A table under an enforced contract, as dbt builds one: the model's columns are checked against the contract
/// before anything is replaced (names and types, both as the warehouse itself writes them: each side is put in an
/// empty scratch table and read back from the catalog), then the table is created from the contract's DDL, with the
/// constraints the warehouse enforces, and filled by an insert.
/// </summary>
public static class ContractedTable
{
    public static async Task BuildAsync(NodeContext context, ModelContract contract, Relation staged)
    {
        var columns = contract.Columns.Select(c => new ColumnInfo(c.Name, c.DataType!)).ToList();
        await context.ExecuteAsync(context.Statements.CreateContractedTable(staged, columns, Constraints(context, contract))).ConfigureAwait(false);
        context.Response = await context.ExecuteAsync(context.Statements.InsertQuery(staged, context.Sql, [.. columns.Select(c => c.Name)])).ConfigureAwait(false);
    }

    /// <exception cref="NodeFailure">The model's columns differ from the contract's; the message lists each difference.</exception>
    public static async Task CheckAsync(NodeContext context, ModelContract contract)
    {
        var dialect = context.Build.Warehouse.Dialect;
        var model = context.Relation.Identifier + "__engine_model";
        var promised = context.Relation.Identifier + "__engine_contract";
        IReadOnlyList<ColumnInfo> actual = [], expected = [];
        await context.InTransactionAsync(async () =>
        {
            await context.ExecuteAsync(context.Statements.CreateTemporaryTableAs(model,
                $"select * from (\n{context.Sql}\n) as {dialect.QuoteIdentifier("__engine_contract")} where 1 = 0")).ConfigureAwait(false);
            await context.ExecuteAsync(context.Statements.CreateTemporaryTableAs(promised,
                "select " + string.Join(", ", contract.Columns.Select(c => $"cast(null as {c.DataType}) as {dialect.QuoteIdentifier(c.Name)}")) + " where 1 = 0")).ConfigureAwait(false);
            actual = await context.Session.ColumnsAsync(dialect.QuoteIdentifier(model), context.CancellationToken).ConfigureAwait(false);
            expected = await context.Session.ColumnsAsync(dialect.QuoteIdentifier(promised), context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var found = actual.ToDictionary(c => c.Name, c => c.DataType, StringComparer.OrdinalIgnoreCase);
        var declared = expected.ToDictionary(c => c.Name, c => c.DataType, StringComparer.OrdinalIgnoreCase);
        var rows = new List<(string Column, string Contract, string Model)>();
        foreach (var column in expected)
        {
            var got = found.GetValueOrDefault(column.Name);
            if (!string.Equals(got, column.DataType, StringComparison.OrdinalIgnoreCase))
            {
                rows.Add((column.Name, column.DataType, got ?? "(missing)"));
            }
        }

        rows.AddRange(actual.Where(c => !declared.ContainsKey(c.Name)).Select(c => (c.Name, "(not declared)", c.DataType)));
        if (rows.Count > 0)
        {
            throw new NodeFailure($"{context.Node.RelativePath}: the model does not meet its contract; nothing was replaced\n{Table(rows)}", badInput: true);
        }
    }

    private static List<TableConstraint> Constraints(NodeContext context, ModelContract contract)
    {
        var enforced = context.Build.Warehouse.Dialect.EnforcedConstraints;
        var result = new List<TableConstraint>();
        foreach (var constraint in contract.Constraints)
        {
            if (!enforced.Contains(constraint.Type))
            {
                context.Warnings.Add($"{constraint.Type} constraint on ({string.Join(", ", constraint.Columns)}) is not enforced by {context.Build.Warehouse.Dialect.Name}: not created");
                continue;
            }

            Relation? references = null;
            if (constraint.To is { } to)
            {
                references = context.Build.RefRelation(to)
                    ?? throw new NodeFailure($"{constraint.Location}: the foreign key references ref('{to}'), which is no model, seed or snapshot with a relation", badInput: true);
            }

            result.Add(new TableConstraint(constraint.Type, constraint.Columns)
            {
                Name = constraint.Name,
                Expression = constraint.Expression,
                References = references,
                ReferencesColumns = constraint.ToColumns,
            });
        }

        return result;
    }

    private static string Table(List<(string Column, string Contract, string Model)> rows)
    {
        var width = Math.Max("column".Length, rows.Max(r => r.Column.Length));
        var typeWidth = Math.Max("contract".Length, rows.Max(r => r.Contract.Length));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  {"column".PadRight(width)}  {"contract".PadRight(typeWidth)}  model");
        foreach (var (column, promised, model) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {column.PadRight(width)}  {promised.PadRight(typeWidth)}  {model}");
        }

        return text.ToString();
    }
}
