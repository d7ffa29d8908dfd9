using System.Collections.Immutable;
using System.Text.Json;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>The documented columns of each model, seed and source table, keyed by node id, as dbt's <c>columns</c> maps.</summary>
public static class ManifestColumns
{
    public static Dictionary<string, ImmutableArray<ColumnDefinition>> ByNode(ProjectDefinition definition)
    {
        var project = definition.Config.Name;
        // Sized up front: grown by doubling, 10,000 models' entries left a chain of arrays on the large object heap.
        var columns = new Dictionary<string, ImmutableArray<ColumnDefinition>>(
            definition.Models.Length + definition.Seeds.Length + definition.Sources.Sum(s => s.Tables.Length), StringComparer.Ordinal);
        foreach (var model in definition.Models)
        {
            columns[NodeIds.For(model.Type, project, model.Name)] = model.Columns;
        }

        foreach (var seed in definition.Seeds)
        {
            columns[NodeIds.For(ResourceType.Seed, project, seed.Name)] = seed.Columns;
        }

        foreach (var table in definition.Sources.SelectMany(s => s.Tables))
        {
            columns[NodeIds.Source(project, table.SourceName, table.Name)] = table.Columns;
        }

        return columns;
    }

    public static void Write(Utf8JsonWriter json, ImmutableArray<ColumnDefinition> columns)
    {
        json.WriteStartObject("columns");
        foreach (var column in columns)
        {
            json.WriteStartObject(column.Name);
            json.WriteString("name", column.Name);
            json.WriteString("description", column.Description ?? string.Empty);
            json.WriteString("data_type", column.DataType);
            ArtifactJson.WriteMap(json, "meta", column.Meta);
            ArtifactJson.WriteStrings(json, "tags", column.Tags);
            json.WriteStartArray("constraints");
            foreach (var constraint in column.Constraints)
            {
                json.WriteStartObject();
                json.WriteString("type", constraint.Type);
                json.WriteString("name", constraint.Name);
                json.WriteString("expression", constraint.Expression);
                json.WriteBoolean("warn_unenforced", true);
                json.WriteBoolean("warn_unsupported", true);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
