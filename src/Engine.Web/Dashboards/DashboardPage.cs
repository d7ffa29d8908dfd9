using System.Text;
using Engine.Core.Project.Dashboards;

namespace Engine.Web.Dashboards;

/// <summary>
/// One dashboard as a single HTML document: styles, ECharts and the page script inlined, so it opens from disk with no
/// network. Static pages embed their data; live pages (engine serve) fetch it again whenever a filter changes.
/// </summary>
public static class DashboardPage
{
    public static string Render(DashboardData data, bool live, string? tileUrl, string? generatedAt, IReadOnlyList<(string Href, string Label)> links)
    {
        var d = data.Dashboard.Definition;
        var html = new StringBuilder(2 * 1024 * 1024);
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            .Append("<title>").Append(Html.E(d.Title)).Append("</title>")
            .Append("<style>").Append(WebAssets.Text("dashboard.css")).Append("</style></head>\n<body>\n<header>");
        if (links.Count > 0)
        {
            html.Append("<nav class=\"top\">");
            foreach (var (href, label) in links)
            {
                html.Append("<a href=\"").Append(Html.E(href)).Append("\">").Append(Html.E(label)).Append("</a>");
            }

            html.Append("</nav>");
        }

        html.Append("<h1>").Append(Html.E(d.Title)).Append("</h1>");
        if (d.Description is { } description)
        {
            html.Append("<p>").Append(Html.E(description)).Append("</p>");
        }

        html.Append("</header>\n");
        AppendFilters(html, d, data, live);
        html.Append("<main>\n");
        foreach (var chart in d.Charts)
        {
            html.Append("<section class=\"card ").Append(chart.Type).Append("\" id=\"chart-").Append(Html.E(chart.Name)).Append("\" data-type=\"").Append(chart.Type).Append("\">")
                .Append("<h2>").Append(Html.E(chart.Title)).Append(chart.Encoding.Units is { } u && chart.Type is not ChartTypes.Number ? $" <span class=\"desc\">({Html.E(u)})</span>" : string.Empty).Append("</h2>");
            if (chart.Description is { } cd)
            {
                html.Append("<p class=\"desc\">").Append(Html.E(cd)).Append("</p>");
            }

            html.Append("<div class=\"body\"></div></section>\n");
        }

        html.Append("</main>\n<footer id=\"status\">")
            .Append(live ? "Live: every chart runs its declared query on the warehouse when a filter changes." : $"Static snapshot{(generatedAt is null ? string.Empty : " of " + Html.E(generatedAt))}; open engine serve for live filters.")
            .Append("</footer>\n")
            .Append("<script id=\"dashboard-spec\" type=\"application/json\">").Append(DashboardJson.Spec(data.Dashboard, live, live ? $"/api/dashboards/{d.Name}/data" : null, tileUrl)).Append("</script>\n");
        if (!live)
        {
            html.Append("<script id=\"dashboard-data\" type=\"application/json\">").Append(DashboardJson.Data(data)).Append("</script>\n");
        }

        html.Append("<script>").Append(WebAssets.InlineScript(WebAssets.Echarts)).Append("</script>\n")
            .Append("<script>").Append(WebAssets.InlineScript("dashboard.js")).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void AppendFilters(StringBuilder html, DashboardDefinition d, DashboardData data, bool live)
    {
        if (d.Filters.IsEmpty)
        {
            return;
        }

        html.Append("<div class=\"filters\">");
        var disabled = live ? string.Empty : " disabled";
        foreach (var f in d.Filters)
        {
            html.Append("<label>").Append(Html.E(f.Label));
            if (data.Options.TryGetValue(f.Name, out var options))
            {
                html.Append("<select id=\"filter-").Append(Html.E(f.Name)).Append('"').Append(disabled).Append("><option value=\"\">All</option>");
                foreach (var (value, label) in options)
                {
                    html.Append("<option value=\"").Append(Html.E(value)).Append('"').Append(value == f.Default ? " selected" : string.Empty).Append('>').Append(Html.E(label)).Append("</option>");
                }

                html.Append("</select>");
            }
            else
            {
                var type = f.ValueType == "date" ? "date" : f.ValueType is "text" ? "text" : "number";
                html.Append("<input id=\"filter-").Append(Html.E(f.Name)).Append("\" type=\"").Append(type).Append("\" value=\"").Append(Html.E(f.Default)).Append('"').Append(disabled).Append('>');
            }

            html.Append("</label>");
        }

        if (!live)
        {
            html.Append("<span class=\"note\">Showing all data. Filters work in <code>engine serve</code>.</span>");
        }

        html.Append("</div>\n");
    }
}
