using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Project.Dashboards;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>The parse pass of a dashboard: renders its charts' and filters' queries once to learn what they read.</summary>
public static class DashboardParser
{
    public static ParsedNode Parse(DashboardDefinition dashboard, ProjectDefinition project, TemplateEnvironment environment, DiagnosticBag bag)
    {
        var state = new NodeRenderState(dashboard.Name, dashboard.FilePath, RenderMode.Parse) { Locals = ChartTemplate.Locals(dashboard.Filters) };
        foreach (var (text, at) in Queries(dashboard))
        {
            ChartTemplate.Render(text, at, environment, state, bag);
        }

        var node = new GraphNode(NodeIds.For(ResourceType.Exposure, project.Name, dashboard.Name), dashboard.Name, ResourceType.Exposure, dashboard.RelativePath, dashboard.Location)
        {
            Fqn = [project.Name, DashboardFolder, dashboard.Name],
            Tags = dashboard.Tags,
            Description = dashboard.Description,
        };
        return new ParsedNode(node) { Refs = [.. state.Refs], Sources = [.. state.Sources] };
    }

    private const string DashboardFolder = "dashboards";

    private static IEnumerable<(string Text, SourceLocation At)> Queries(DashboardDefinition dashboard) =>
        dashboard.Filters.Where(f => f.OptionsSql is not null).Select(f => (f.OptionsSql!, f.OptionsLocation ?? f.Location))
            .Concat(dashboard.Charts.Select(c => (c.Sql, c.SqlLocation)));
}
