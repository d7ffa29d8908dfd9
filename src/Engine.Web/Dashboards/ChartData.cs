using System.Collections.Immutable;

namespace Engine.Web.Dashboards;

/// <summary>The rows one chart's query returned, as text (null stays null), ready to embed or send.</summary>
public sealed record ChartData(ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<string?>> Rows);
