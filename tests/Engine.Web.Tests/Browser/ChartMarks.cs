namespace Engine.Web.Tests.Browser;

/// <summary>One chart as drawn: its type, the rows its query returned, the marks drawn for them, the SVG paths on the page.</summary>
public sealed record ChartMarks(string Type, int Rows, int Marks, int Svg);
