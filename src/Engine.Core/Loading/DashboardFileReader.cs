using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Dashboards;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Reads <c>dashboards/*.yml</c>: each file one dashboard, its filters and charts, with every problem at its line.</summary>
public static class DashboardFileReader
{
    public const string Folder = "dashboards";

    private static readonly string[] DashboardKeys = ["version", "name", "title", "description", "tags", "owner", "filters", "charts"];
    private static readonly string[] FilterKeys = ["name", "label", "type", "options", "default"];
    private static readonly string[] ChartKeys = ["name", "title", "description", "type", "sql", "x", "y", "series", "route", "units", "format"];

    /// <summary>The full paths of the dashboard files, in the order they are read; none when the folder does not exist.</summary>
    public static IEnumerable<string> Files(string root)
    {
        var folder = Path.Combine(root, Folder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yml").Concat(Directory.EnumerateFiles(folder, "*.yaml")).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Every dashboard of the project, in file-name order; none when the folder does not exist.</summary>
    public static ImmutableArray<DashboardDefinition> ReadAll(string root, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<DashboardDefinition>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var path in Files(root))
        {
            if (ProjectText.Read(path, bag) is not { } text || Read(path, Path.GetRelativePath(root, path).Replace('\\', '/'), text, bag) is not { } dashboard)
            {
                continue;
            }

            if (!names.TryAdd(dashboard.Name, dashboard.Location))
            {
                bag.Error(DiagnosticCodes.DuplicateName, $"dashboard '{dashboard.Name}' is declared twice (first at {names[dashboard.Name]})", dashboard.Location);
                continue;
            }

            result.Add(dashboard);
        }

        return result.ToImmutable();
    }

    public static DashboardDefinition? Read(string filePath, string relativePath, string text, DiagnosticBag bag)
    {
        if (YamlDocument.LoadMapping(filePath, text, bag) is not { } root)
        {
            return null;
        }

        var map = new YamlMap(root, filePath, bag, "a dashboard", DashboardKeys);
        var name = map.String("name") ?? Path.GetFileNameWithoutExtension(filePath);
        var filters = ReadFilters(map, bag);
        var charts = ImmutableArray.CreateBuilder<ChartDefinition>();
        var chartNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in map.Mappings("charts", "chart"))
        {
            if (ReadChart(new YamlMap(node, filePath, bag, $"a chart of dashboard '{name}'", ChartKeys), charts.Count, bag) is not { } chart)
            {
                continue;
            }

            if (!chartNames.Add(chart.Name))
            {
                bag.Error(DiagnosticCodes.DuplicateName, $"chart '{chart.Name}' appears twice in dashboard '{name}'", chart.Location);
                continue;
            }

            charts.Add(chart);
        }

        if (charts.Count == 0 && !bag.HasErrorIn(filePath))
        {
            bag.Error(DiagnosticCodes.MissingKey, $"dashboard '{name}' has no charts; add 'charts:' with at least one chart", map.Location);
        }

        return new DashboardDefinition(name, map.String("title") ?? name, relativePath, filePath, filters, charts.ToImmutable(), map.Location)
        {
            Description = map.String("description"),
            Tags = map.StringList("tags"),
            Owner = map.String("owner"),
        };
    }

    private static ImmutableArray<DashboardFilter> ReadFilters(YamlMap map, DiagnosticBag bag)
    {
        var filters = ImmutableArray.CreateBuilder<DashboardFilter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in map.Mappings("filters", "filter"))
        {
            var f = new YamlMap(node, map.FilePath, bag, "a filter", FilterKeys);
            if (f.RequiredString("name", "a filter") is not { } name)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                bag.Error(DiagnosticCodes.DuplicateName, $"filter '{name}' appears twice", f.Location);
                continue;
            }

            var options = f.Get("options") as YamlScalarNode;
            filters.Add(new DashboardFilter(name, f.String("label") ?? name, f.OneOf("type", DashboardFilter.ValueTypes) ?? "text", options?.Value, f.Location)
            {
                Default = f.String("default"),
                OptionsLocation = options is null ? null : ContentStart(map.FilePath, options),
            });
        }

        return filters.ToImmutable();
    }

    private static ChartDefinition? ReadChart(YamlMap c, int index, DiagnosticBag bag)
    {
        var name = c.String("name") ?? $"chart_{index + 1}";
        var type = c.Get("type") is null ? null : c.OneOf("type", ChartTypes.All);
        if (c.Get("type") is null)
        {
            bag.Error(DiagnosticCodes.MissingKey, $"chart '{name}' needs a 'type': one of {string.Join(", ", ChartTypes.All)}", c.Location);
        }

        if (c.Get("sql") is not YamlScalarNode { Value: { Length: > 0 } sql } sqlNode)
        {
            bag.Error(DiagnosticCodes.MissingKey, $"chart '{name}' needs 'sql': the query whose rows it draws", c.Location);
            return null;
        }

        if (type is null)
        {
            return null;
        }

        var encoding = new ChartEncoding(c.String("x"), c.StringList("y"), c.String("series"), c.String("route"), c.String("units"), c.String("format"));
        foreach (var key in ChartTypes.Required(type).Where(k => !c.Has(k)))
        {
            bag.Error(DiagnosticCodes.MissingKey, $"a {type} chart needs '{key}' (chart '{name}')", c.Location);
        }

        return new ChartDefinition(name, c.String("title") ?? name, type, sql, encoding, c.Location, ContentStart(c.FilePath, sqlNode))
        {
            Description = c.String("description"),
        };
    }

    /// <summary>Where a scalar's text begins: a block scalar (<c>|</c>, <c>&gt;</c>) starts on the line after its indicator.</summary>
    private static SourceLocation ContentStart(string filePath, YamlScalarNode node) =>
        node.Style is ScalarStyle.Literal or ScalarStyle.Folded
            ? new SourceLocation(filePath, (int)node.Start.Line + 1, 1)
            : YamlDocument.At(filePath, node);
}
