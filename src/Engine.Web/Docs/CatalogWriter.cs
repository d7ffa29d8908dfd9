using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Web.Docs;

/// <summary>
/// target/catalog.json in dbt's catalog v1 shape: every model, seed, snapshot and source table that exists in the
/// warehouse, with its columns and types as the warehouse reports them. Nodes not built yet are left out, as dbt does.
/// </summary>
public static class CatalogWriter
{
    public const string SchemaVersion = "https://schemas.getdbt.com/dbt/catalog/v1.json";

    public static string Write(ParsedProject parsed, IReadOnlyDictionary<string, RelationInfo> relations, RunInvocation invocation, IWarehouse warehouse)
    {
        var path = Path.Combine(parsed.Definition.TargetDirectory, "catalog.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ArtifactJson.Encoder });
        json.WriteStartObject();
        ArtifactMetadata.Write(json, SchemaVersion, invocation);
        var nodes = parsed.Graph.Nodes.Values.Where(n => n.Relation is not null && n.Type is not (ResourceType.Test or ResourceType.Exposure)).ToList();
        WriteTables(json, "nodes", nodes.Where(n => n.Type != ResourceType.Source), relations, warehouse);
        WriteTables(json, "sources", nodes.Where(n => n.Type == ResourceType.Source), relations, warehouse);
        json.WriteNull("errors");
        json.WriteEndObject();
        return path;
    }

    /// <summary>The key a relation is found under: its name in the warehouse without the database.</summary>
    public static string Key(IWarehouse warehouse, Relation relation) => BuildContext.CatalogKey(warehouse, relation);

    private static void WriteTables(Utf8JsonWriter json, string name, IEnumerable<GraphNode> nodes, IReadOnlyDictionary<string, RelationInfo> relations, IWarehouse warehouse)
    {
        json.WriteStartObject(name);
        foreach (var node in nodes.OrderBy(n => n.UniqueId, StringComparer.Ordinal))
        {
            if (!relations.TryGetValue(Key(warehouse, node.Relation!), out var info))
            {
                continue;
            }

            json.WriteStartObject(node.UniqueId);
            json.WriteStartObject("metadata");
            json.WriteString("type", info.Kind switch
            {
                RelationKind.View => "VIEW",
                RelationKind.MaterializedView => "MATERIALIZED VIEW",
                _ => "BASE TABLE",
            });
            json.WriteString("schema", info.Relation.Schema);
            json.WriteString("name", info.Relation.Identifier);
            json.WriteString("database", node.Relation!.Database ?? info.Relation.Database);
            json.WriteString("comment", info.Comment);
            json.WriteNull("owner");
            json.WriteEndObject();
            json.WriteStartObject("columns");
            var index = 1;
            foreach (var column in info.Columns)
            {
                json.WriteStartObject(column.Name);
                json.WriteString("type", column.DataType);
                json.WriteNumber("index", index++);
                json.WriteString("name", column.Name);
                json.WriteNull("comment");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("stats");
            json.WriteStartObject("has_stats");
            json.WriteString("id", "has_stats");
            json.WriteString("label", "Has Stats?");
            json.WriteBoolean("value", false);
            json.WriteBoolean("include", false);
            json.WriteString("description", "Indicates whether there are statistics for this table");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("unique_id", node.UniqueId);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
