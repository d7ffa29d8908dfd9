using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>One entry of the manifest's <c>sources</c>: a source table with its source's name, loader and freshness.</summary>
public static class ManifestSourceWriter
{
    public static Dictionary<string, (SourceDefinition Source, SourceTableDefinition Table)> ByNode(ProjectDefinition definition) =>
        definition.Sources
            .SelectMany(s => s.Tables.Select(t => (Source: s, Table: t)))
            .ToDictionary(p => NodeIds.Source(definition.Config.Name, p.Table.SourceName, p.Table.Name), StringComparer.Ordinal);

    public static void Write(Utf8JsonWriter json, ParsedProject parsed, GraphNode node, SourceDefinition? source, SourceTableDefinition? table)
    {
        var target = parsed.Options.Target;
        var relation = node.Relation ?? new Relation(source?.Database, source?.Schema ?? target.Schema, table?.Identifier ?? node.Name);
        json.WriteStartObject(node.UniqueId);
        json.WriteString("unique_id", node.UniqueId);
        json.WriteString("resource_type", "source");
        json.WriteString("name", node.Name);
        json.WriteString("package_name", parsed.Definition.Config.Name);
        json.WriteString("path", node.RelativePath);
        json.WriteString("original_file_path", Path.GetRelativePath(parsed.Definition.RootDirectory, node.FilePath).Replace('\\', '/'));
        ArtifactJson.WriteStrings(json, "fqn", node.Fqn);
        json.WriteString("source_name", source?.Name ?? table?.SourceName ?? string.Empty);
        json.WriteString("source_description", source?.Description ?? string.Empty);
        json.WriteString("loader", source?.Loader ?? string.Empty);
        json.WriteString("identifier", relation.Identifier);
        json.WriteString("database", relation.Database ?? target.Database);
        json.WriteString("schema", relation.Schema);
        json.WriteString("relation_name", ArtifactJson.RelationName(parsed.Options.Dialect, relation, target.Database));
        json.WriteString("description", node.Description ?? table?.Description ?? string.Empty);
        ArtifactJson.WriteStrings(json, "tags", node.Tags);

        // A table's own setting wins over its source's, as in dbt.
        var loadedAt = table?.LoadedAtField ?? source?.LoadedAtField;
        var freshness = table?.Freshness ?? source?.Freshness;
        json.WriteString("loaded_at_field", loadedAt);
        WriteFreshness(json, freshness);
        ArtifactJson.WriteMap(json, "meta", table?.Meta ?? []);
        ArtifactJson.WriteMap(json, "source_meta", source?.Meta ?? []);
        ManifestColumns.Write(json, table?.Columns ?? []);
        json.WriteStartObject("config");
        json.WriteBoolean("enabled", true);
        json.WriteString("loaded_at_field", loadedAt);
        WriteFreshness(json, freshness);
        json.WriteEndObject();
        ArtifactJson.WriteEmptyObject(json, "unrendered_config");
        json.WriteEndObject();
    }

    private static void WriteFreshness(Utf8JsonWriter json, FreshnessPolicy? freshness)
    {
        if (freshness is null)
        {
            json.WriteNull("freshness");
            return;
        }

        ArtifactJson.WriteFreshness(json, "freshness", freshness);
    }

}
