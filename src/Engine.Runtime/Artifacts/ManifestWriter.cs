using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Execution;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// target/manifest.json: every node with its config, dependencies, file, checksum and compiled path, using
/// dbt's manifest field names (schema v12) where the meaning is the same, so tools that read dbt's can read it.
/// </summary>
public static class ManifestWriter
{
    public const string SchemaVersion = "https://schemas.getdbt.com/dbt/manifest/v12.json";

    public static string Write(CompiledProject compiled, RunInvocation invocation)
    {
        var parsed = compiled.Parsed;
        var root = parsed.Definition.RootDirectory;
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var path = Path.Combine(root, "target", "manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        ArtifactMetadata.Write(json, SchemaVersion, invocation, parsed.Definition.Config.Name);
        var graph = parsed.Graph;
        var order = graph.TopologicalOrder();
        json.WriteStartObject("nodes");
        foreach (var id in order.Where(id => graph[id].Type != ResourceType.Source))
        {
            WriteNode(json, parsed, graph[id], compiledById.GetValueOrDefault(id), invocation);
        }

        json.WriteEndObject();
        json.WriteStartObject("sources");
        foreach (var id in order.Where(id => graph[id].Type == ResourceType.Source))
        {
            WriteNode(json, parsed, graph[id], null, invocation);
        }

        json.WriteEndObject();
        WriteMap(json, "parent_map", order, id => graph.Parents(id));
        WriteMap(json, "child_map", order, id => graph.Children(id));
        json.WriteEndObject();
        return path;
    }

    private static void WriteNode(Utf8JsonWriter json, ParsedProject parsed, GraphNode node, CompiledNode? compiled, RunInvocation invocation)
    {
        var dialect = parsed.Options.Dialect;
        json.WriteStartObject(node.UniqueId);
        json.WriteString("unique_id", node.UniqueId);
        json.WriteString("resource_type", ResourceTypes.Name(node.Type));
        json.WriteString("name", node.Name);
        json.WriteString("package_name", parsed.Definition.Config.Name);
        json.WriteString("path", node.RelativePath);
        json.WriteString("original_file_path", Path.GetRelativePath(parsed.Definition.RootDirectory, node.FilePath).Replace('\\', '/'));
        WriteStrings(json, "fqn", node.Fqn);
        WriteStrings(json, "tags", node.Tags);
        json.WriteString("description", node.Description ?? string.Empty);
        if (node.Relation is { } relation)
        {
            json.WriteString("database", relation.Database ?? parsed.Options.Target.Database);
            json.WriteString("schema", relation.Schema);
            json.WriteString("alias", relation.Identifier);
            json.WriteString("relation_name", node.IsEphemeral ? null : dialect.RelationName(relation));
        }

        WriteConfig(json, node);
        json.WriteStartObject("depends_on");
        WriteStrings(json, "nodes", node.DependsOn);
        json.WriteEndObject();
        if (node.Type != ResourceType.Source)
        {
            json.WriteStartObject("checksum");
            json.WriteString("name", "sha256");
            json.WriteString("checksum", Checksum(parsed, node));
            json.WriteEndObject();
        }

        if (node.AttachedTo is { } attached)
        {
            json.WriteString("attached_node", attached);
            json.WriteString("column_name", node.ColumnName);
        }

        json.WriteBoolean("compiled", compiled is not null);
        if (compiled is not null)
        {
            json.WriteString("compiled_path", compiled.CompiledPath);
            json.WriteString("compiled_code", compiled.Sql);
        }

        json.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter json, GraphNode node)
    {
        json.WriteStartObject("config");
        json.WriteBoolean("enabled", true);
        json.WriteString("materialized", node.Materialized);
        if (node.Config is { } config)
        {
            json.WriteString("schema", config.Schema);
            json.WriteString("alias", config.Alias);
            WriteStrings(json, "tags", config.Tags);
            WriteStrings(json, "unique_key", config.UniqueKey);
            json.WriteString("incremental_strategy", config.IncrementalStrategy);
            json.WriteString("on_schema_change", config.OnSchemaChange ?? (node.Materialized == Core.Project.Materializations.Incremental ? "ignore" : null));
            WriteStrings(json, "pre-hook", config.PreHook);
            WriteStrings(json, "post-hook", config.PostHook);
            if (node.Type == ResourceType.Snapshot)
            {
                json.WriteString("strategy", config.Strategy);
                json.WriteString("updated_at", config.UpdatedAt);
                WriteStrings(json, "check_cols", config.CheckCols);
                json.WriteString("hard_deletes", config.HardDeletes ?? "ignore");
            }

            if (!config.ColumnTypes.IsEmpty)
            {
                json.WriteStartObject("column_types");
                foreach (var (column, type) in config.ColumnTypes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(column, type);
                }

                json.WriteEndObject();
            }
        }

        if (node.TestConfig is { } test)
        {
            json.WriteString("severity", test.Severity.ToUpperInvariant());
            json.WriteString("warn_if", test.WarnIf);
            json.WriteString("error_if", test.ErrorIf);
            json.WriteString("where", test.Where);
            if (test.Limit is { } limit)
            {
                json.WriteNumber("limit", limit);
            }

            json.WriteBoolean("store_failures", test.StoreFailures);
        }

        json.WriteEndObject();
    }

    private static string Checksum(ParsedProject parsed, GraphNode node)
    {
        if (parsed.Nodes.TryGetValue(node.UniqueId, out var parsedNode) && parsedNode.TemplateText is { } text)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }

        if (File.Exists(node.FilePath) && node.Type == ResourceType.Seed)
        {
            using var file = File.OpenRead(node.FilePath);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }

        // A generic test has no file of its own: its identity is its name, which encodes model, column and arguments.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.UniqueId)));
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<string> ids, Func<string, IEnumerable<string>> edges)
    {
        json.WriteStartObject(name);
        foreach (var id in ids)
        {
            WriteStrings(json, id, edges(id));
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
