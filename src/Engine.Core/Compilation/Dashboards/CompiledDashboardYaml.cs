using System.Text;
using System.Text.Json.Nodes;

namespace Engine.Core.Compilation.Dashboards;

/// <summary>
/// A compiled dashboard as YAML (target/compiled/dashboards/NAME.yml): every query as the warehouse runs it, with the
/// parameters it binds, so a reviewer sees what a dashboard will read and the approval tests can pin it.
/// </summary>
public static class CompiledDashboardYaml
{
    public static string Render(CompiledDashboard dashboard)
    {
        var d = dashboard.Definition;
        var yaml = new StringBuilder();
        yaml.Append("# compiled from ").Append(d.RelativePath).Append('\n')
            .Append("name: ").Append(Q(d.Name)).Append('\n')
            .Append("unique_id: ").Append(Q(dashboard.UniqueId)).Append('\n')
            .Append("title: ").Append(Q(d.Title)).Append('\n')
            .Append("depends_on: [").Append(string.Join(", ", dashboard.DependsOn.Select(Q))).Append("]\n");
        yaml.Append("filters:").Append(dashboard.Filters.IsEmpty ? " []\n" : "\n");
        foreach (var f in dashboard.Filters)
        {
            yaml.Append("  - name: ").Append(Q(f.Filter.Name)).Append('\n')
                .Append("    type: ").Append(f.Filter.ValueType).Append('\n')
                .Append("    placeholder: ").Append(Q(ChartTemplate.Placeholder(f.Filter))).Append('\n');
            if (f.OptionsSql is { } options)
            {
                Block(yaml, "options", options);
            }
        }

        yaml.Append("charts:\n");
        foreach (var c in dashboard.Charts)
        {
            var e = c.Chart.Encoding;
            yaml.Append("  - name: ").Append(Q(c.Chart.Name)).Append('\n')
                .Append("    type: ").Append(c.Chart.Type).Append('\n')
                .Append("    columns: [").Append(string.Join(", ", e.Columns.Select(Q))).Append("]\n")
                .Append("    parameters: [").Append(string.Join(", ", c.Parameters.Select(p => Q(ChartTemplate.ParameterName(p))))).Append("]\n");
            Block(yaml, "sql", c.Sql);
        }

        return yaml.ToString();
    }

    private static void Block(StringBuilder yaml, string key, string text)
    {
        yaml.Append("    ").Append(key).Append(": |\n");
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            yaml.Append(line.Length == 0 ? string.Empty : "      " + line.TrimEnd()).Append('\n');
        }
    }

    /// <summary>A JSON string is a valid double-quoted YAML scalar.</summary>
    private static string Q(string value) => JsonValue.Create(value).ToJsonString();
}
