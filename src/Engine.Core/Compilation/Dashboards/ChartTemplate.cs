using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Dashboards;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>
/// Renders a query written inside a dashboard's YAML (a chart's or a filter's options). The template sees
/// <c>filter.NAME</c> as a typed bound-parameter placeholder, and its problems are moved from the query's own lines to
/// the YAML file's, so an error names the line of the dashboard file where it is.
/// </summary>
public static class ChartTemplate
{
    /// <summary>The placeholder a filter renders to: a named parameter cast to the filter's type, so null means "all".</summary>
    public static string Placeholder(DashboardFilter filter) => $"cast(@{ParameterName(filter)} as {filter.ValueType})";

    public static string ParameterName(DashboardFilter filter) => "filter_" + filter.Name;

    public static IReadOnlyDictionary<string, object?> Locals(ImmutableArray<DashboardFilter> filters) =>
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["filter"] = filters.ToDictionary(f => f.Name, f => (object?)Placeholder(f), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        };

    /// <summary>Renders <paramref name="text"/>; refs and sources it calls are recorded in <paramref name="state"/> with locations in the YAML file.</summary>
    public static string? Render(string text, SourceLocation at, TemplateEnvironment environment, NodeRenderState state, DiagnosticBag bag)
    {
        // One state collects the calls of all of a dashboard's queries: only those of this query move.
        var (refs, sources) = (state.Refs.Count, state.Sources.Count);
        var local = new DiagnosticBag();
        var output = SqlTemplate.Parse(text, at.FilePath, local)?.Render(environment, state, local);
        bag.AddRange(local.ToSortedList().Select(d => d with { Location = Shift(d.Location, at) }));
        for (var i = refs; i < state.Refs.Count; i++)
        {
            state.Refs[i] = state.Refs[i] with { Location = Shift(state.Refs[i].Location, at)! };
        }

        for (var i = sources; i < state.Sources.Count; i++)
        {
            state.Sources[i] = state.Sources[i] with { Location = Shift(state.Sources[i].Location, at)! };
        }

        return output;
    }

    /// <summary>A location inside the query, as a location in the file that holds it.</summary>
    public static SourceLocation? Shift(SourceLocation? inQuery, SourceLocation at) =>
        inQuery is null || inQuery.FilePath != at.FilePath
            ? inQuery
            : new SourceLocation(at.FilePath, at.Line + inQuery.Line - 1, inQuery.Line == 1 ? at.Column + inQuery.Column - 1 : inQuery.Column);
}
