using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Dashboards;

/// <summary>One chart of a dashboard: a query (a template that may use ref, source, macros and filters) and how to draw it.</summary>
/// <param name="SqlLocation">Where the query's first line is in the YAML file, so template and warehouse errors point there.</param>
public sealed record ChartDefinition(
    string Name,
    string Title,
    string Type,
    string Sql,
    ChartEncoding Encoding,
    SourceLocation Location,
    SourceLocation SqlLocation)
{
    public string? Description { get; init; }
}
