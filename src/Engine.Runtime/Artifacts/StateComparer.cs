using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engine.Core.Compilation;
using Engine.Core.Graph.Selection;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// Compares the current project with a previous run's <c>manifest.json</c> (<c>--state DIR</c>). Each current node is
/// written as the manifest would write it now and set beside its old entry, so both sides go through one writer.
/// The body is the rendered SQL, not the file: the old <c>raw_code</c> and the current template are both rendered in
/// this invocation's environment (same target, macros, vars and <c>run_started_at</c>) and compared with whitespace
/// runs collapsed, so a change that renders identically (a Scriban comment, a reformatted expression, blank lines) is
/// not a change, while a SQL comment is, as it reaches the warehouse; state written for another target compares
/// equal on bodies and differs on <c>modified.relation</c>. Nodes without a template (seeds, generic tests) compare
/// their checksum. A macro change alone marks no node (dbt's <c>state:modified.macros</c> is not covered).
/// </summary>
public static partial class StateComparer
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <param name="compileWith">Compiles the project with the given templates in place of the current ones (by unique id).</param>
    public static StateChanges Compare(CompiledProject current, Func<IReadOnlyDictionary<string, string>, CompiledProject> compileWith, string stateDirectory)
    {
        var old = StateManifest.Read(stateDirectory);
        var previous = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (id, node) in Entries(old))
        {
            previous[id] = node;
        }

        var templated = current.Parsed.Nodes.Where(p => p.Value.TemplateText is not null).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var oldTemplates = previous
            .Where(p => templated.Contains(p.Key) && Text(p.Value["raw_code"]) is { Length: > 0 })
            .ToDictionary(p => p.Key, p => Text(p.Value["raw_code"])!, StringComparer.Ordinal);
        var oldSql = compileWith(oldTemplates).Nodes.ToDictionary(n => n.Node.UniqueId, n => Normalize(n.Sql), StringComparer.Ordinal);
        var newSql = current.Nodes.ToDictionary(n => n.Node.UniqueId, n => Normalize(n.Sql), StringComparer.Ordinal);
        var changes = ImmutableDictionary.CreateBuilder<string, NodeChange>(StringComparer.Ordinal);
        foreach (var (id, now) in Entries(JsonNode.Parse(Written(current))))
        {
            if (!previous.TryGetValue(id, out var before))
            {
                changes[id] = NodeChange.New;
                continue;
            }

            var bodyChanged = templated.Contains(id)
                ? !oldTemplates.ContainsKey(id) || oldSql.GetValueOrDefault(id) != newSql.GetValueOrDefault(id)
                : Text(before["checksum"]?["checksum"]) != Text(now["checksum"]?["checksum"]);
            changes[id] = Difference(before, now, bodyChanged);
        }

        return new StateChanges(changes.ToImmutable());
    }

    private static NodeChange Difference(JsonNode before, JsonNode now, bool bodyChanged)
    {
        var change = NodeChange.None;
        if (bodyChanged)
        {
            change |= NodeChange.Body;
        }

        if (!JsonNode.DeepEquals(before["config"], now["config"]))
        {
            change |= NodeChange.Configs;
        }

        if (RelationKey(before) != RelationKey(now))
        {
            change |= NodeChange.Relation;
        }

        return change;
    }

    private static string RelationKey(JsonNode node) =>
        $"{Text(node["database"])}|{Text(node["schema"])}|{Text(node["alias"] ?? node["identifier"])}";

    private static string? Text(JsonNode? node) => StateManifest.Text(node);

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    private static IEnumerable<(string Id, JsonNode Node)> Entries(JsonNode? manifest) => StateManifest.Entries(manifest);

    /// <summary>The current project's manifest entries, written by the same writers as <c>target/manifest.json</c>.</summary>
    private static byte[] Written(CompiledProject compiled)
    {
        var parsed = compiled.Parsed;
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var columns = ManifestColumns.ByNode(parsed.Definition);
        var sources = ManifestSourceWriter.ByNode(parsed.Definition);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("nodes");
            foreach (var node in parsed.Graph.Nodes.Values.Where(n => n.Type is not (ResourceType.Source or ResourceType.Exposure) && !n.IsUnitTest))
            {
                ManifestNodeWriter.Write(json, parsed, node, compiledById.GetValueOrDefault(node.UniqueId), columns.GetValueOrDefault(node.UniqueId, []));
            }

            json.WriteEndObject();
            json.WriteStartObject("unit_tests");
            foreach (var node in parsed.Graph.Nodes.Values.Where(n => n.IsUnitTest))
            {
                ManifestUnitTestWriter.Write(json, parsed, node, parsed.Nodes[node.UniqueId].UnitTest!);
            }

            json.WriteEndObject();
            json.WriteStartObject("sources");
            foreach (var node in parsed.Graph.Nodes.Values.Where(n => n.Type == ResourceType.Source))
            {
                var found = sources.TryGetValue(node.UniqueId, out var pair);
                ManifestSourceWriter.Write(json, parsed, node, found ? pair.Source : null, found ? pair.Table : null);
            }

            json.WriteEndObject();
            json.WriteStartObject("exposures");
            foreach (var node in parsed.Graph.Nodes.Values.Where(n => n.Type == ResourceType.Exposure))
            {
                ManifestExposureWriter.Write(json, parsed, node);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
