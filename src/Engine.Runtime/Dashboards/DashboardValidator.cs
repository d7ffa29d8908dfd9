using Engine.Core.Compilation.Dashboards;
using Engine.Core.Diagnostics;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Dashboards;

/// <summary>
/// What <c>engine build</c> does with a dashboard: runs each chart's query with no filter set, reading no rows, and
/// checks that it returns every column the chart's encodings name. A failure names the chart's line in the YAML file.
/// </summary>
public static class DashboardValidator
{
    public static async Task<NodeResult> RunAsync(NodeContext context)
    {
        var dashboard = context.Build.Dashboards.GetValueOrDefault(context.Node.UniqueId)
            ?? throw new InvalidOperationException($"{context.Node.UniqueId} was not compiled");
        var problems = new List<string>();
        foreach (var chart in dashboard.Charts)
        {
            var location = Relative(chart.Chart.Location, context.Build.ProjectDirectory);
            try
            {
                var result = await context.Session.QueryAsync(Probe(chart.Sql), NullParameters(chart), 0, context.CancellationToken).ConfigureAwait(false);
                var missing = chart.Chart.Encoding.Columns.Where(c => !result.Columns.Contains(c, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"{location}: error {DiagnosticCodes.ChartColumnMissing}: chart '{chart.Chart.Name}' names column{(missing.Count == 1 ? string.Empty : "s")} " +
                        $"{string.Join(", ", missing.Select(m => $"'{m}'"))} that its query does not return (it returns {string.Join(", ", result.Columns)})");
                }
            }
            catch (WarehouseStatementException e)
            {
                await context.Session.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                problems.Add($"{location}: error {DiagnosticCodes.ChartQueryFailed}: the query of chart '{chart.Chart.Name}' failed: {e.Message}");
            }
        }

        return problems.Count == 0
            ? new NodeResult(context.Node, NodeStatus.Success, $"{dashboard.Charts.Length} charts checked")
            : throw new NodeFailure(string.Join(Environment.NewLine, problems), badInput: true);
    }

    /// <summary>
    /// Everything the check reads besides its inputs' relations: each chart's name, query, parameters and the columns it
    /// names. With those and its inputs' data versions unchanged (a rebuilt relation keeps its version only with the
    /// same columns), the check would find what it found last time, so it is skipped as up to date.
    /// </summary>
    public static string Checks(CompiledDashboard dashboard) => string.Join("\n", dashboard.Charts.Select(chart =>
        $"chart {chart.Chart.Name} ({string.Join(", ", chart.Chart.Encoding.Columns)}) [{string.Join(", ", chart.Parameters.Select(p => $"{p.Name} {p.ValueType}"))}]\n{chart.Sql}"));

    /// <summary>The query wrapped so the warehouse plans it and names its columns without reading a row.</summary>
    public static string Probe(string sql) => $"select * from (\n{sql}\n) as chart_query where 1 = 0";

    public static IReadOnlyList<QueryParameter> NullParameters(CompiledChart chart) =>
        [.. chart.Parameters.Select(f => new QueryParameter(ChartTemplate.ParameterName(f), f.ValueType, null))];

    private static string Relative(SourceLocation location, string root) =>
        $"{Path.GetRelativePath(root, location.FilePath).Replace('\\', '/')}({location.Line},{location.Column})";
}
