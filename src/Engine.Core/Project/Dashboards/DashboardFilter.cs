using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Dashboards;

/// <summary>
/// A control on a dashboard whose value reaches the charts' queries only as a bound parameter: a chart's SQL writes
/// <c>{{ filter.NAME }}</c>, which renders to a typed placeholder, never to the value itself.
/// </summary>
/// <param name="ValueType">The SQL type the value is bound as: text, bigint, integer, numeric or date.</param>
/// <param name="OptionsSql">A template whose query returns the choices (value, then an optional label); null for free input.</param>
public sealed record DashboardFilter(string Name, string Label, string ValueType, string? OptionsSql, SourceLocation Location)
{
    public static IReadOnlyList<string> ValueTypes { get; } = ["text", "bigint", "integer", "numeric", "date"];

    public string? Default { get; init; }

    /// <summary>Where the options query starts in the file, so its errors point at the right line.</summary>
    public SourceLocation? OptionsLocation { get; init; }
}
