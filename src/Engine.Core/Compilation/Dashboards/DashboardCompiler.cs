using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Project.Dashboards;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>The compile pass of dashboards: each query rendered with refs resolved to the target's relations.</summary>
public static class DashboardCompiler
{
    /// <summary>The dashboards among <paramref name="selected"/> (all of them when null), compiled; problems go into the bag.</summary>
    public static ImmutableArray<CompiledDashboard> Compile(ParsedProject project, IReadOnlyCollection<string>? selected, DiagnosticBag bag)
    {
        project.Environment.Resolver ??= new GraphResolver(project);
        // Made only when there is a dashboard to look up: a set of every selected id is 13,000 entries on a large project.
        var wanted = project.Definition.Dashboards.IsEmpty ? null : selected?.ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<CompiledDashboard>();
        foreach (var dashboard in project.Definition.Dashboards)
        {
            var id = NodeIds.For(ResourceType.Exposure, project.Definition.Name, dashboard.Name);
            if (!project.Graph.Nodes.ContainsKey(id) || wanted?.Contains(id) == false)
            {
                continue;
            }

            var filters = dashboard.Filters
                .Select(f => new CompiledFilter(f, f.OptionsSql is null ? null : Render(project, dashboard, f.OptionsSql, f.OptionsLocation ?? f.Location, bag)))
                .ToImmutableArray();
            var charts = ImmutableArray.CreateBuilder<CompiledChart>();
            foreach (var chart in dashboard.Charts)
            {
                if (Render(project, dashboard, chart.Sql, chart.SqlLocation, bag) is { } sql)
                {
                    charts.Add(new CompiledChart(chart, sql, [.. dashboard.Filters.Where(f => sql.Contains(ChartTemplate.Placeholder(f), StringComparison.Ordinal))]));
                }
            }

            result.Add(new CompiledDashboard(dashboard, id, project.Graph[id].DependsOn, filters, charts.ToImmutable()));
        }

        return result.ToImmutable();
    }

    private static string? Render(ParsedProject project, DashboardDefinition dashboard, string text, SourceLocation at, DiagnosticBag bag)
    {
        var state = new NodeRenderState(dashboard.Name, dashboard.FilePath, RenderMode.Compile) { Locals = ChartTemplate.Locals(dashboard.Filters) };
        var sql = ChartTemplate.Render(text, at, project.Environment, state, bag);
        if (sql is not null && state.EphemeralRefs.Count > 0)
        {
            bag.Error(DiagnosticCodes.DashboardInvalid,
                $"dashboard '{dashboard.Name}' reads the ephemeral model '{state.EphemeralRefs[0]}', which has no relation to query; materialize it as a view or table",
                at);
            return null;
        }

        return sql?.Trim();
    }
}
