using System.Collections.Concurrent;

namespace Engine.Web;

/// <summary>
/// The scripts and styles embedded in this assembly: the pages' own and the pinned npm libraries (see
/// ClientLibs/package.json), so every page is served or written with no network access.
/// </summary>
public static class WebAssets
{
    public const string Echarts = "echarts.min.js";
    public const string Cytoscape = "cytoscape.min.js";
    public const string CytoscapeDagre = "cytoscape-dagre.min.js";

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Text(string name) => Cache.GetOrAdd(name, n =>
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(n)
            ?? throw new InvalidOperationException($"the asset '{n}' is not embedded; build Engine.Web with npm available");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>A script's text made safe to inline in a script element.</summary>
    public static string InlineScript(string name) => Text(name).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
