using System.Globalization;
using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Runtime.Execution;

namespace Engine.Runtime.DataTests;

/// <summary>
/// Runs a test as dbt does: its query returns failing rows; the count is judged against warn_if / error_if,
/// and a failing test shows up to five of its rows. With store_failures the rows are kept in
/// <c>&lt;schema&gt;_test_failures</c> for people to query.
/// </summary>
public static class DataTestExecutor
{
    public const int SampleRows = 5;

    /// <summary>Where a test's failing rows are kept with store_failures; the manifest names the same relation.</summary>
    public static Relation FailuresRelation(string targetSchema, string testName) => new(null, $"{targetSchema}_test_failures", testName);

    public static async Task<NodeResult> RunAsync(NodeContext context)
    {
        try
        {
            return await RunQueryAsync(context).ConfigureAwait(false);
        }
        catch (NodeFailure e) when (context.Node.AttachedTo is not null)
        {
            // A generic test's SQL is generated: the compiled file is not what the user wrote or can fix. A column
            // that does not exist (or a wrong 'to' or 'field') is fixed in the YAML that declared the test.
            var declared = $"{context.Node.RelativePath}({context.Node.Location.Line},{context.Node.Location.Column})";
            throw new NodeFailure($"{declared}: test '{context.Node.Name}' declared here failed: {e.Message}", e);
        }
    }

    private static async Task<NodeResult> RunQueryAsync(NodeContext context)
    {
        var config = context.Node.TestConfig ?? TestConfig.Default;
        var sql = context.Statements;
        var query = context.Sql;
        var scope = IncrementalTestScope.Narrow(context, query);
        if (scope is { } narrowed)
        {
            query = narrowed.Sql;
        }

        if (config.StoreFailures)
        {
            var failures = FailuresRelation(context.Build.TargetSchema, context.Node.Name);
            await context.Build.EnsureSchemaAsync(context.Session, failures.Schema, context.CancellationToken).ConfigureAwait(false);
            await context.Session.BeginAsync(context.CancellationToken).ConfigureAwait(false);
            await context.ExecuteAsync(sql.Drop(failures, Warehouse.RelationKind.Table)).ConfigureAwait(false);
            await context.ExecuteAsync(sql.CreateTableAs(failures, query)).ConfigureAwait(false);
            await context.Session.CommitAsync(context.CancellationToken).ConfigureAwait(false);
            query = $"select * from {context.Build.Warehouse.Dialect.RelationName(failures)}";
        }

        var result = await context.QueryAsync(sql.TestResult(query, config.WarnIf, config.ErrorIf, config.Limit), 1).ConfigureAwait(false);
        var row = result.Rows[0];
        var count = long.Parse(row[0] ?? "0", CultureInfo.InvariantCulture);
        var shouldWarn = IsTrue(row[1]);
        var shouldError = IsTrue(row[2]);
        var status = shouldError && config.Severity == "error" ? NodeStatus.Fail
            : shouldError || shouldWarn ? NodeStatus.Warn
            : NodeStatus.Pass;
        var sample = count > 0 ? await context.QueryAsync(sql.TestSample(query, SampleRows), SampleRows).ConfigureAwait(false) : null;
        var message = status == NodeStatus.Pass
            ? $"test {context.Node.Name}"
            : $"test {context.Node.Name}: {count} failing row{(count == 1 ? string.Empty : "s")}";
        if (scope is { Rows: var rows })
        {
            message += $" (over the {rows} row{(rows == 1 ? string.Empty : "s")} the incremental run wrote)";
        }

        return new NodeResult(context.Node, status, message) { Failures = count, Sample = sample, Scoped = scope is not null };
    }

    private static bool IsTrue(string? value) => value is "True" or "true" or "t";
}
