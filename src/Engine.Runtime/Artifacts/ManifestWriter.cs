using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Runtime.Execution;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// target/manifest.json, valid against dbt's manifest schema v12 (vendored in the Runtime tests), so tools that read
/// dbt's manifest (lineage, catalogs, CI bots) can read it: every node with its config, dependencies, file, checksum
/// and compiled code; the collections the engine has no counterpart for are written empty because the schema requires them.
/// </summary>
public static class ManifestWriter
{
    public const string SchemaVersion = "https://schemas.getdbt.com/dbt/manifest/v12.json";

    private static readonly string[] EmptyCollections =
        ["macros", "docs", "metrics", "groups", "selectors", "disabled", "group_map", "saved_queries", "semantic_models"];

    public static string Write(CompiledProject compiled, RunInvocation invocation)
    {
        var parsed = compiled.Parsed;
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var columns = ManifestColumns.ByNode(parsed.Definition);
        var sources = ManifestSourceWriter.ByNode(parsed.Definition);
        var path = Path.Combine(parsed.Definition.RootDirectory, "target", "manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ArtifactJson.Encoder });
        json.WriteStartObject();
        ArtifactMetadata.Write(json, SchemaVersion, invocation, parsed.Definition.Config.Name);
        var graph = parsed.Graph;
        // Unit tests have their own collection, and dbt's parent and child maps leave them out.
        var order = graph.TopologicalOrder().Where(id => !graph[id].IsUnitTest).ToList();
        json.WriteStartObject("nodes");
        foreach (var id in order.Where(id => graph[id].Type is not (ResourceType.Source or ResourceType.Exposure)))
        {
            ManifestNodeWriter.Write(json, parsed, graph[id], compiledById.GetValueOrDefault(id), columns.GetValueOrDefault(id, []));
            // The writer buffers everything until flushed: 35 MB at 10,000 models, grown by doubling on the large object
            // heap, each growth a full garbage collection. Handing it to the file as it goes keeps it small.
            if (json.BytesPending > 1 << 20)
            {
                json.Flush();
            }
        }

        json.WriteEndObject();
        json.WriteStartObject("sources");
        foreach (var id in order.Where(id => graph[id].Type == ResourceType.Source))
        {
            var found = sources.TryGetValue(id, out var pair);
            ManifestSourceWriter.Write(json, parsed, graph[id], found ? pair.Source : null, found ? pair.Table : null);
        }

        json.WriteEndObject();
        json.WriteStartObject("exposures");
        foreach (var id in order.Where(id => graph[id].Type == ResourceType.Exposure))
        {
            ManifestExposureWriter.Write(json, parsed, graph[id]);
        }

        json.WriteEndObject();
        json.WriteStartObject("unit_tests");
        foreach (var id in graph.TopologicalOrder().Where(id => graph[id].IsUnitTest))
        {
            ManifestUnitTestWriter.Write(json, parsed, graph[id], parsed.Nodes[id].UnitTest!);
        }

        json.WriteEndObject();
        foreach (var name in EmptyCollections)
        {
            ArtifactJson.WriteEmptyObject(json, name);
        }

        WriteMap(json, "parent_map", order, id => graph.Parents(id));
        WriteMap(json, "child_map", order, id => graph.Children(id).Where(c => !graph[c].IsUnitTest));
        json.WriteEndObject();
        return path;
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<string> ids, Func<string, IEnumerable<string>> edges)
    {
        json.WriteStartObject(name);
        foreach (var id in ids)
        {
            ArtifactJson.WriteStrings(json, id, edges(id));
        }

        json.WriteEndObject();
    }
}
