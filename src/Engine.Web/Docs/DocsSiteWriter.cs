using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engine.Web.Docs;

/// <summary>
/// target/docs/: index.html (every node, searchable), one page per node under nodes/, lineage.html (the DAG from sources
/// to dashboards, laid out by dagre in cytoscape), with the scripts beside them, so the site opens from disk.
/// </summary>
public static class DocsSiteWriter
{
    public static string Write(string targetDirectory, string projectName, ImmutableArray<DocNode> nodes)
    {
        var root = Path.Combine(targetDirectory, "docs");
        var pages = Path.Combine(root, "nodes");
        Directory.CreateDirectory(pages);
        foreach (var name in new[] { "docs.css", "docs.js", "lineage.js", WebAssets.Cytoscape, WebAssets.CytoscapeDagre })
        {
            File.WriteAllText(Path.Combine(root, name), WebAssets.Text(name));
        }

        var byId = nodes.ToDictionary(n => n.UniqueId, StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(root, "index.html"), Index(projectName, nodes));
        File.WriteAllText(Path.Combine(root, "lineage.html"), Lineage(projectName, nodes));
        Parallel.ForEach(nodes, node => File.WriteAllText(Path.Combine(pages, node.FileName), NodePage(projectName, node, byId)));
        return root;
    }

    private static string Head(string title, string prefix) =>
        $"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>{Html.E(title)}</title><link rel=\"stylesheet\" href=\"{prefix}docs.css\"></head>\n<body>\n" +
        $"<header><a class=\"brand\" href=\"{prefix}index.html\">{Html.E(title)}</a><nav><a href=\"{prefix}index.html\">Nodes</a><a href=\"{prefix}lineage.html\">Lineage</a></nav></header>\n";

    private static string Index(string project, ImmutableArray<DocNode> nodes)
    {
        var html = new StringBuilder(Head($"{project} docs", string.Empty));
        html.Append("<main><h1>").Append(Html.E(project)).Append("</h1><p class=\"muted\">")
            .Append(string.Join(" · ", nodes.GroupBy(n => n.Type).OrderBy(g => Order(g.Key)).Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? string.Empty : "s")}")))
            .Append("</p><input id=\"search\" type=\"search\" placeholder=\"Search nodes, columns, descriptions…\" autofocus>");
        foreach (var group in nodes.GroupBy(n => n.Type).OrderBy(g => Order(g.Key)))
        {
            html.Append("<section class=\"group\"><h2>").Append(Html.E(Plural(group.Key))).Append("</h2><table class=\"list\"><tbody>");
            foreach (var node in group.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var search = $"{node.Name} {node.Description} {string.Join(' ', node.Columns.Select(c => c.Name))}".ToLowerInvariant();
                html.Append("<tr data-search=\"").Append(Html.E(search)).Append("\"><td><a href=\"nodes/").Append(Html.E(node.FileName)).Append("\">").Append(Html.E(node.Name)).Append("</a></td><td class=\"muted\">")
                    .Append(Html.E(node.Description)).Append("</td></tr>");
            }

            html.Append("</tbody></table></section>");
        }

        return html.Append("</main><script src=\"docs.js\"></script></body></html>\n").ToString();
    }

    private static string NodePage(string project, DocNode node, IReadOnlyDictionary<string, DocNode> byId)
    {
        var html = new StringBuilder(Head($"{project} docs", "../"));
        html.Append("<main><p class=\"kind\">").Append(Html.E(node.Type)).Append(node.Materialized is { } m ? $" · {Html.E(m)}" : string.Empty).Append("</p><h1>").Append(Html.E(node.Name)).Append("</h1>");
        html.Append("<p>").Append(node.Description is { Length: > 0 } d ? Html.E(d) : "<span class=\"muted\">No description.</span>").Append("</p>");
        html.Append("<dl>");
        if (node.Relation is { } relation)
        {
            html.Append("<dt>Relation</dt><dd><code>").Append(Html.E(relation)).Append("</code></dd>");
        }

        html.Append("<dt>File</dt><dd><code>").Append(Html.E(node.Path)).Append("</code></dd>");
        if (!node.Tags.IsEmpty)
        {
            html.Append("<dt>Tags</dt><dd>").Append(string.Join(" ", node.Tags.Select(t => $"<span class=\"tag\">{Html.E(t)}</span>"))).Append("</dd>");
        }

        html.Append("</dl>");
        if (!node.Columns.IsEmpty)
        {
            html.Append("<h2>Columns</h2><table class=\"columns\"><thead><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th></tr></thead><tbody>");
            foreach (var c in node.Columns)
            {
                html.Append("<tr><td><code>").Append(Html.E(c.Name)).Append("</code></td><td class=\"muted\">").Append(Html.E(c.Type)).Append("</td><td>").Append(Html.E(c.Description))
                    .Append("</td><td>").Append(string.Join(" ", c.Tests.Select(t => $"<span class=\"tag\">{Html.E(t)}</span>"))).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        AppendLinks(html, "Depends on", node.Parents, byId);
        AppendLinks(html, "Used by", node.Children, byId);
        html.Append("<p><a href=\"../lineage.html#").Append(Html.E(node.UniqueId)).Append("\">Show in the lineage graph</a></p>");
        if (node.RawSql is { } raw)
        {
            html.Append("<h2>Source</h2><pre><code>").Append(Html.E(raw)).Append("</code></pre>");
        }

        if (node.CompiledSql is { } sql)
        {
            html.Append("<h2>Compiled SQL</h2><pre><code>").Append(Html.E(sql)).Append("</code></pre>");
        }

        return html.Append("</main></body></html>\n").ToString();
    }

    private static void AppendLinks(StringBuilder html, string title, ImmutableArray<string> ids, IReadOnlyDictionary<string, DocNode> byId)
    {
        if (ids.IsEmpty)
        {
            return;
        }

        html.Append("<h2>").Append(title).Append("</h2><ul class=\"links\">");
        foreach (var id in ids.Where(byId.ContainsKey))
        {
            var n = byId[id];
            html.Append("<li><a href=\"").Append(Html.E(n.FileName)).Append("\">").Append(Html.E(n.Name)).Append("</a> <span class=\"muted\">").Append(Html.E(n.Type)).Append("</span></li>");
        }

        html.Append("</ul>");
    }

    private static string Lineage(string project, ImmutableArray<DocNode> nodes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteStartArray("nodes");
            foreach (var n in nodes)
            {
                json.WriteStartObject();
                json.WriteString("id", n.UniqueId);
                json.WriteString("name", n.Name);
                json.WriteString("type", n.Type);
                json.WriteString("href", "nodes/" + n.FileName);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var n in nodes)
            {
                foreach (var p in n.Parents)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(p);
                    json.WriteStringValue(n.UniqueId);
                    json.WriteEndArray();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new StringBuilder(Head($"{project} docs", string.Empty))
            .Append("<div class=\"lineage-bar\"><input id=\"lineage-search\" type=\"search\" placeholder=\"Find a node…\"><label><input id=\"show-tests\" type=\"checkbox\"> show tests</label>")
            .Append("<span class=\"legend\"><i class=\"source\"></i>source <i class=\"seed\"></i>seed <i class=\"model\"></i>model <i class=\"snapshot\"></i>snapshot <i class=\"test\"></i>test <i class=\"exposure\"></i>dashboard</span></div>")
            .Append("<div id=\"lineage\"></div><script id=\"lineage-data\" type=\"application/json\">").Append(Encoding.UTF8.GetString(buffer.ToArray())).Append("</script>")
            .Append("<script src=\"").Append(WebAssets.Cytoscape).Append("\"></script><script src=\"").Append(WebAssets.CytoscapeDagre).Append("\"></script><script src=\"lineage.js\"></script></body></html>\n")
            .ToString();
    }

    private static int Order(string type) => type switch
    {
        "source" => 0,
        "seed" => 1,
        "model" => 2,
        "snapshot" => 3,
        "exposure" => 4,
        _ => 5,
    };

    private static string Plural(string type) => type switch
    {
        "exposure" => "Dashboards",
        _ => char.ToUpperInvariant(type[0]) + type[1..] + "s",
    };
}
