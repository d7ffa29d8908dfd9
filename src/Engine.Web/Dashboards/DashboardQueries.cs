using System.Collections.Immutable;
using Engine.Core.Compilation.Dashboards;
using Engine.Core.Project.Dashboards;
using Engine.Warehouse;

namespace Engine.Web.Dashboards;

/// <summary>
/// Runs a dashboard's declared queries, and nothing else: filter values arrive only as bound parameters of the type the
/// filter declares. Queries aggregate in the warehouse; a chart returning more rows than <see cref="MaxRows"/> is cut.
/// </summary>
public static class DashboardQueries
{
    public const int MaxRows = 20_000;

    public static async Task<DashboardData> RunAsync(
        IWarehouseSession session, CompiledDashboard dashboard, IReadOnlyDictionary<string, string?> filterValues, bool withOptions, CancellationToken cancellationToken)
    {
        var charts = ImmutableDictionary.CreateBuilder<string, ChartData>(StringComparer.Ordinal);
        foreach (var chart in dashboard.Charts)
        {
            var parameters = chart.Parameters
                .Select(f => new QueryParameter(ChartTemplate.ParameterName(f), f.ValueType, Value(f, filterValues)))
                .ToList();
            var result = await session.QueryAsync(chart.Sql, parameters, MaxRows, cancellationToken).ConfigureAwait(false);
            charts[chart.Chart.Name] = new ChartData(result.Columns, result.Rows);
        }

        var options = ImmutableDictionary.CreateBuilder<string, ImmutableArray<(string, string)>>(StringComparer.Ordinal);
        if (withOptions)
        {
            foreach (var filter in dashboard.Filters.Where(f => f.OptionsSql is not null))
            {
                var result = await session.QueryAsync(filter.OptionsSql!, [], 1000, cancellationToken).ConfigureAwait(false);
                options[filter.Filter.Name] = [.. result.Rows.Where(r => r[0] is not null).Select(r => (r[0]!, r.Length > 1 ? r[1] ?? r[0]! : r[0]!))];
            }
        }

        return new DashboardData(dashboard, charts.ToImmutable(), options.ToImmutable());
    }

    /// <summary>The value given for a filter, or its default; empty means "no filter".</summary>
    private static string? Value(DashboardFilter filter, IReadOnlyDictionary<string, string?> values)
    {
        var value = values.TryGetValue(filter.Name, out var given) ? given : filter.Default;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
