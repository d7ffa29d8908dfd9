using System.Text.RegularExpressions;
using Engine.Runtime.Execution;

namespace Engine.Runtime.DataTests;

/// <summary>
/// Narrows a generic test of an incremental model to the rows the model's run wrote, where the test's meaning allows it
/// (<c>incremental_scope: all</c> turns it off): not_null, accepted_values, relationships and dbt_utils' accepted_range
/// and not_empty_string check the written rows;
/// unique checks the written rows and every row sharing their value. Only when the model was the test's one changed
/// input since it last passed: then the rows not written are those that passed already.
/// </summary>
public static class IncrementalTestScope
{
    // Each checks rows one at a time (unique: a value against the others), so the rows not written passed already.
    private static readonly string[] Kinds = ["not_null", "unique", "accepted_values", "relationships", "accepted_range", "dbt_utils.accepted_range", "not_empty_string", "dbt_utils.not_empty_string"];

    /// <summary>The test's query over the written rows, and how many they are; null to run it over the whole table.</summary>
    public static (string Sql, int Rows)? Narrow(NodeContext context, string query)
    {
        var node = context.Node;
        if (node.AttachedTo is not { } model || node.ColumnName is not { } column
            || (node.TestConfig?.IncrementalScope ?? "new_rows") != "new_rows"
            || context.Build.GenericTestNames.GetValueOrDefault(node.UniqueId) is not { } kind || !Kinds.Contains(kind)
            || context.Change is not { } change || !change.ChangedInputs.All(i => i == model) || change.ChangedInputs.IsEmpty
            || !context.Build.IncrementalWrites.TryGetValue(model, out var written))
        {
            return null;
        }

        var dialect = context.Build.Warehouse.Dialect;
        var relation = written.Relation;
        var name = dialect.RelationName(relation);
        // The generated SQL names the model once, as "from <relation>" at the end of a line; anything else stays whole.
        var from = new Regex($@"\bfrom {Regex.Escape(name)}(?=[ \t]*\r?\n)", RegexOptions.IgnoreCase);
        if (from.Matches(query).Count != 1 || query.Split(name).Length != 2)
        {
            return null;
        }

        var keys = written.KeyColumns.Length == 1
            ? dialect.QuoteIdentifier(written.KeyColumns[0])
            : $"({string.Join(", ", written.KeyColumns.Select(dialect.QuoteIdentifier))})";
        var values = written.Keys.Select(k => k.Length == 1 ? dialect.StringLiteral(k[0]) : $"({string.Join(", ", k.Select(dialect.StringLiteral))})");
        var writtenRows = written.Keys.IsEmpty ? "false" : $"{keys} in ({string.Join(", ", values)})";
        var filter = kind == "unique"
            ? dialect.InSubquery(column, $"select {column} from {name} where {writtenRows}")
            : writtenRows;
        var alias = dialect.QuoteIdentifier(relation.Identifier);
        return (from.Replace(query, $"from (select * from {name} where {filter}) as {alias}"), written.Keys.Length);
    }
}
