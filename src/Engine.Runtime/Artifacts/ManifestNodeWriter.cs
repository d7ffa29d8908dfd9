using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.DataTests;

namespace Engine.Runtime.Artifacts;

/// <summary>One entry of the manifest's <c>nodes</c>: a model, seed, snapshot or test with the keys dbt's v12 schema allows.</summary>
public static class ManifestNodeWriter
{
    public static void Write(Utf8JsonWriter json, ParsedProject parsed, GraphNode node, CompiledNode? compiled, ImmutableArray<ColumnDefinition> columns)
    {
        json.WritePropertyName(node.UniqueId);
        WriteValue(json, parsed, node, compiled, columns);
    }

    /// <summary>
    /// The entry's object. With <paramref name="digest"/>, the two large texts (raw and compiled code) are written as
    /// their digests and the checksum (made from the raw code or the node's id) left out: that is the key of the entry in
    /// <see cref="ManifestEntryCache"/>, made by this same code so that whatever an entry shows is in its key.
    /// </summary>
    public static void WriteValue(
        Utf8JsonWriter json, ParsedProject parsed, GraphNode node, CompiledNode? compiled, ImmutableArray<ColumnDefinition> columns, Func<string, string>? digest = null)
    {
        var target = parsed.Options.Target;
        var parsedNode = parsed.Nodes.GetValueOrDefault(node.UniqueId);
        json.WriteStartObject();
        json.WriteString("unique_id", node.UniqueId);
        json.WriteString("resource_type", ResourceTypes.Name(node.Type));
        json.WriteString("name", node.Name);
        json.WriteString("package_name", parsed.Definition.Config.Name);
        json.WriteString("path", node.RelativePath);
        json.WriteString("original_file_path", Path.GetRelativePath(parsed.Definition.RootDirectory, node.FilePath).Replace('\\', '/'));
        ArtifactJson.WriteStrings(json, "fqn", node.Fqn);
        ArtifactJson.WriteStrings(json, "tags", node.Tags);
        json.WriteString("description", node.Description ?? string.Empty);

        // dbt gives every node a database, schema and alias, tests and ephemeral models included: a test's is where
        // its failing rows are stored with store_failures, and it has a relation_name only when they are.
        var relation = node.Relation
            ?? (node.Type == ResourceType.Test ? DataTestExecutor.FailuresRelation(target.Schema, node.Name) : new Relation(null, target.Schema, node.Name));
        var named = node.Relation is not null ? !node.IsEphemeral : node.TestConfig?.StoreFailures == true;
        json.WriteString("database", relation.Database ?? target.Database);
        json.WriteString("schema", relation.Schema);
        json.WriteString("alias", relation.Identifier);
        json.WriteString("relation_name", named ? ArtifactJson.RelationName(parsed.Options.Dialect, relation, target.Database) : null);
        ManifestConfigWriter.Write(json, node);
        ArtifactJson.WriteEmptyObject(json, "unrendered_config");
        ArtifactJson.WriteMap(json, "meta", node.Config?.Meta ?? ImmutableDictionary<string, object?>.Empty);
        ManifestColumns.Write(json, columns);
        json.WriteStartObject("checksum");
        json.WriteString("name", "sha256");
        // A seed's checksum is its file's: the one input of an entry that is not among the writer's arguments.
        json.WriteString("checksum", digest is null || node.Type == ResourceType.Seed ? Checksum(node, parsedNode) : string.Empty);
        json.WriteEndObject();
        // The key takes the template's digest as the load made it, so an unread file (SourceText) stays unread.
        json.WriteString("raw_code", digest is null ? parsedNode?.TemplateText ?? string.Empty : parsedNode?.Template?.Hash ?? digest(string.Empty));
        if (node.Type == ResourceType.Seed)
        {
            // A seed depends on no node: dbt's schema gives it macro dependencies only.
            json.WriteStartObject("depends_on");
            json.WriteStartArray("macros");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            return;
        }

        json.WriteString("language", "sql");
        WriteCalls(json, parsedNode);
        json.WriteStartObject("depends_on");
        json.WriteStartArray("macros");
        json.WriteEndArray();
        ArtifactJson.WriteStrings(json, "nodes", node.DependsOn);
        json.WriteEndObject();
        if (parsedNode?.GenericTest is { } test)
        {
            WriteTestMetadata(json, test);
        }

        if (node.AttachedTo is { } attached)
        {
            json.WriteString("attached_node", attached);
            json.WriteString("column_name", node.ColumnName);
        }

        json.WriteBoolean("compiled", compiled is not null);
        json.WriteString("compiled_path", compiled?.CompiledPath);
        json.WriteString("compiled_code", digest is null || compiled is null ? compiled?.Sql : digest(compiled.Sql));
        json.WriteEndObject();
    }

    private static void WriteCalls(Utf8JsonWriter json, ParsedNode? parsedNode)
    {
        json.WriteStartArray("refs");
        foreach (var call in parsedNode?.Refs ?? [])
        {
            json.WriteStartObject();
            json.WriteString("name", call.Name);
            json.WriteString("package", call.Package);
            json.WriteNull("version");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("sources");
        foreach (var call in parsedNode?.Sources ?? [])
        {
            json.WriteStartArray();
            json.WriteStringValue(call.SourceName);
            json.WriteStringValue(call.TableName);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    /// <summary>dbt's record of which generic test this is and with what arguments; a dotted name is a package's test.</summary>
    private static void WriteTestMetadata(Utf8JsonWriter json, GenericTestDefinition test)
    {
        var dot = test.TestName.LastIndexOf('.');
        json.WriteStartObject("test_metadata");
        json.WriteString("name", dot < 0 ? test.TestName : test.TestName[(dot + 1)..]);
        json.WriteString("namespace", dot < 0 ? null : test.TestName[..dot]);
        var kwargs = test.Arguments.AsEnumerable();
        if (test.ColumnName is { } column)
        {
            kwargs = kwargs.Append(new KeyValuePair<string, object?>("column_name", column));
        }

        ArtifactJson.WriteMap(json, "kwargs", kwargs);
        json.WriteEndObject();
    }

    /// <summary>The <c>checksum</c> of a node made from a template: its text's SHA-256.</summary>
    public static string TextChecksum(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Checksum(GraphNode node, ParsedNode? parsedNode)
    {
        if (parsedNode?.TemplateText is { } text)
        {
            return TextChecksum(text);
        }

        if (File.Exists(node.FilePath) && node.Type == ResourceType.Seed)
        {
            using var file = File.OpenRead(node.FilePath);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }

        // A generic test has no file of its own: its identity is its name, which encodes model, column and arguments.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.UniqueId)));
    }
}
