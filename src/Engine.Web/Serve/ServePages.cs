using System.Text;
using Engine.Core.Compilation.Dashboards;

namespace Engine.Web.Serve;

/// <summary>The frame of engine serve's own pages (home, runs, assets), styled like the docs site.</summary>
public static class ServePages
{
    public static string Head(string title) =>
        $"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>{Html.E(title)}</title><link rel=\"stylesheet\" href=\"/docs/docs.css\"><link rel=\"stylesheet\" href=\"/assets/serve.css\"></head>\n<body>\n" +
        "<header><a class=\"brand\" href=\"/\">engine</a><nav><a href=\"/\">Dashboards</a><a href=\"/docs/index.html\">Docs</a><a href=\"/docs/lineage.html\">Lineage</a><a href=\"/runs\">Runs</a><a href=\"/assets\">Assets</a></nav></header>\n";

    public static string Home(string project, IEnumerable<CompiledDashboard> dashboards)
    {
        var html = new StringBuilder(Head(project));
        html.Append("<main><h1>").Append(Html.E(project)).Append("</h1><h2>Dashboards</h2><ul class=\"cards\">");
        foreach (var d in dashboards)
        {
            html.Append("<li><a href=\"/dashboards/").Append(Html.E(d.Definition.Name)).Append("\">").Append(Html.E(d.Definition.Title)).Append("</a><br><span class=\"muted\">")
                .Append(Html.E(d.Definition.Description)).Append("</span></li>");
        }

        return html.Append("</ul><h2>More</h2><ul><li><a href=\"/docs/index.html\">Docs</a>: every source, model, test and dashboard</li><li><a href=\"/docs/lineage.html\">Lineage</a></li><li><a href=\"/runs\">Run history</a></li><li><a href=\"/assets\">Asset status and schedules</a></li></ul></main></body></html>\n").ToString();
    }
}
