using Engine.Core.Compilation;
using Engine.Runtime.Execution;

namespace Engine.Runtime.DataTests;

/// <summary>
/// Runs a dbt 1.8 unit test: each input becomes a CTE of literal rows, cast to the column types of the relation it
/// stands in for (described, never read; a column the rows leave out is null, as in dbt), and the model's SQL over
/// them is compared with the expected rows. A failure shows the differing rows: <c>+</c> returned but not expected,
/// <c>-</c> expected but not returned.
/// </summary>
public static class UnitTestExecutor
{
    public const int DiffRows = 50;

    public static async Task<NodeResult> RunAsync(NodeContext context)
    {
        var compiled = context.Unit.Compiled ?? throw new InvalidOperationException($"{context.Node.UniqueId} was not compiled");
        var dialect = context.Build.Warehouse.Dialect;
        var ctes = new List<(string Name, string Body)>();
        var untyped = new List<string>();
        foreach (var fixture in compiled.UnitTestFixtures)
        {
            var (body, typed) = await InputAsync(context, dialect, fixture).ConfigureAwait(false);
            ctes.Add((fixture.CteName, body));
            if (!typed)
            {
                untyped.Add(fixture.TypedLike ?? fixture.CteName);
            }
        }

        var sql = EphemeralInliner.Inline(compiled.Sql, ctes);
        try
        {
            var diff = await context.QueryAsync(sql, DiffRows).ConfigureAwait(false);
            var differing = diff.Rows.Length;
            return differing == 0
                ? new NodeResult(context.Node, NodeStatus.Pass, $"unit test {context.Node.Name}")
                : new NodeResult(context.Node, NodeStatus.Fail,
                    $"unit test {context.Node.Name}: the model's rows differ from 'expect' (+ returned but not expected, - expected but not returned)")
                { Failures = differing, Sample = diff };
        }
        catch (NodeFailure e)
        {
            // The compiled SQL is generated; what the user fixes is the unit test's YAML or the model.
            var declared = $"{context.Node.RelativePath}({context.Node.Location.Line},{context.Node.Location.Column})";
            var hint = untyped.Count == 0 ? string.Empty
                : $" (the rows given for {string.Join(", ", untyped)} are untyped literals: that relation does not exist yet to take column types from; build it first, or give the input as format: sql)";
            throw new NodeFailure($"{declared}: unit test '{context.Node.Name}' declared here failed: {e.Message}{hint}", e);
        }
    }

    private static async Task<(string Body, bool Typed)> InputAsync(NodeContext context, ISqlDialect dialect, UnitTestFixture fixture)
    {
        if (fixture.Rows.Format == "sql")
        {
            return (fixture.Rows.Sql!, true);
        }

        var given = fixture.Rows.Columns;
        var described = fixture.TypedLike is null
            ? []
            : await context.Session.ColumnsAsync(fixture.TypedLike, context.CancellationToken).ConfigureAwait(false);
        IReadOnlyList<(string, string?)> columns = described.Count > 0
            ? [.. described.Select(c => (c.Name, (string?)c.DataType))]
            : [.. given.Select(c => (c, (string?)null))];
        var unknown = given.Where(g => described.Count > 0 && !described.Any(d => string.Equals(d.Name, g, StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            throw new NodeFailure($"{context.Node.RelativePath}({context.Node.Location.Line},{context.Node.Location.Column}): unit test '{context.Node.Name}' gives column(s) " +
                $"{string.Join(", ", unknown)} that {fixture.TypedLike} does not have; its columns are {string.Join(", ", described.Select(d => d.Name))}");
        }

        return (dialect.UnitTestInputRows(columns, [.. fixture.Rows.Rows]), described.Count > 0);
    }
}
