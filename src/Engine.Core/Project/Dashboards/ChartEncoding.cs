using System.Collections.Immutable;

namespace Engine.Core.Project.Dashboards;

/// <summary>Which result columns a chart draws, and how its numbers read.</summary>
/// <param name="X">The category or time axis (the day of a calendar heatmap).</param>
/// <param name="Y">The measures; one line, bar or area per column unless <paramref name="Series"/> splits them.</param>
/// <param name="Series">A column whose values become separate series (colour).</param>
/// <param name="Route">For a map: the column holding a Google-encoded polyline.</param>
/// <param name="Units">Shown on the axis, in tooltips and after numbers, e.g. "km".</param>
/// <param name="Format">Decimals as a pattern: "0", "0.0", "0.00"; "duration" shows seconds as h:mm.</param>
public sealed record ChartEncoding(string? X, ImmutableArray<string> Y, string? Series, string? Route, string? Units, string? Format)
{
    public static ChartEncoding Empty { get; } = new(null, [], null, null, null, null);

    /// <summary>Every column the chart needs its query to return.</summary>
    public IEnumerable<string> Columns =>
        new[] { X, Series, Route }.OfType<string>().Concat(Y).Distinct(StringComparer.Ordinal);
}
