using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
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

    /// <param name="entries">
    /// With <c>engine compile</c>'s partial compile, the index of the previous manifest's entries: unchanged entries are
    /// copied from it, and it is rewritten for the next compile. Without, every entry is written and the index dropped.
    /// </param>
    public static string Write(CompiledProject compiled, RunInvocation invocation, ManifestEntryCache? entries = null)
    {
        var parsed = compiled.Parsed;
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var path = Path.Combine(parsed.Definition.RootDirectory, "target", "manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside and renamed over the old one, which the entries are copied from.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            WriteTo(stream, parsed, compiledById, invocation, entries);
        }

        entries?.Identify(temporary, invocation.InvocationId);
        File.Move(temporary, path, overwrite: true);
        if (entries is null)
        {
            ManifestEntryCache.Forget(path);
        }
        else
        {
            entries.Save(path);
        }

        return path;
    }

    private static void WriteTo(
        FileStream stream, ParsedProject parsed, Dictionary<string, CompiledNode> compiledById, RunInvocation invocation, ManifestEntryCache? entries)
    {
        var columns = ManifestColumns.ByNode(parsed.Definition);
        var sources = ManifestSourceWriter.ByNode(parsed.Definition);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ArtifactJson.Encoder });
        json.WriteStartObject();
        ArtifactMetadata.Write(json, SchemaVersion, invocation, parsed.Definition.Config.Name);
        var graph = parsed.Graph;
        // Unit tests have their own collection, and dbt's parent and child maps leave them out.
        var order = graph.TopologicalOrder().Where(id => !graph[id].IsUnitTest).ToList();
        json.WriteStartObject("nodes");
        var nodes = order.Select(id => graph[id]).Where(n => n.Type is not (ResourceType.Source or ResourceType.Exposure)).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var keys = entries is null ? null : ManifestEntryCache.Keys(parsed, nodes, compiledById.GetValueOrDefault, id => columns.GetValueOrDefault(id, []));
        if (entries is not null)
        {
            entries.KeysElapsed = clock.Elapsed;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var compiledNode = compiledById.GetValueOrDefault(node.UniqueId);
            var nodeColumns = columns.GetValueOrDefault(node.UniqueId, []);
            if (entries is null)
            {
                ManifestNodeWriter.Write(json, parsed, node, compiledNode, nodeColumns);
            }
            else
            {
                WriteEntry(json, entries, keys![i], parsed, node, compiledNode, nodeColumns);
            }

            FlushWhenFull(json);
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
    }

    /// <summary>A node's entry, copied from the previous manifest when its key is unchanged; where it lands is recorded.</summary>
    private static void WriteEntry(
        Utf8JsonWriter json, ManifestEntryCache entries, UInt128 key, ParsedProject parsed, GraphNode node,
        CompiledNode? compiled, System.Collections.Immutable.ImmutableArray<ColumnDefinition> columns)
    {
        json.WritePropertyName(node.UniqueId);
        // Where the bytes land, without flushing: the writer is the file's only writer, from its first byte.
        var offset = json.BytesCommitted + json.BytesPending;
        var previous = entries.TryRead(node.UniqueId, key);
        if (previous.IsEmpty)
        {
            ManifestNodeWriter.WriteValue(json, parsed, node, compiled, columns);
        }
        else
        {
            // The bytes were written at this same depth by this same writer, so they are indented as a new entry would be.
            json.WriteRawValue(previous, skipInputValidation: true);
        }

        entries.Record(node.UniqueId, key, offset, checked((int)(json.BytesCommitted + json.BytesPending - offset)));
    }

    /// <summary>
    /// The writer buffers everything until flushed: 35 MB at 10,000 models, grown by doubling on the large object heap,
    /// whose budget sets off full garbage collections. Handing it to the file every 32 KB keeps its buffer under the
    /// large object heap's 85,000 bytes (flushed at 1 MB, and not within the parent and child maps, it grew to 8 MB).
    /// </summary>
    private static void FlushWhenFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > 1 << 15)
        {
            json.Flush();
        }
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<string> ids, Func<string, IEnumerable<string>> edges)
    {
        json.WriteStartObject(name);
        foreach (var id in ids)
        {
            ArtifactJson.WriteStrings(json, id, edges(id));
            FlushWhenFull(json);
        }

        json.WriteEndObject();
    }
}
