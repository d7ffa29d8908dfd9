using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>One entry of manifest.json's <c>unit_tests</c>, in dbt's UnitTestDefinition shape (manifest v12).</summary>
public static class ManifestUnitTestWriter
{
    public static void Write(Utf8JsonWriter json, ParsedProject parsed, GraphNode node, UnitTestDefinition test)
    {
        json.WriteStartObject(node.UniqueId);
        json.WriteString("model", test.Model);
        json.WritePropertyName("given");
        json.WriteStartArray();
        foreach (var input in test.Given)
        {
            json.WriteStartObject();
            json.WriteString("input", input.Input);
            WriteRows(json, input.Rows);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("expect");
        WriteRows(json, test.Expect);
        json.WriteEndObject();
        json.WriteString("name", test.Name);
        json.WriteString("resource_type", "unit_test");
        json.WriteString("package_name", parsed.Definition.Config.Name);
        json.WriteString("path", node.RelativePath.StartsWith("models/", StringComparison.Ordinal) ? node.RelativePath["models/".Length..] : node.RelativePath);
        json.WriteString("original_file_path", node.RelativePath);
        json.WriteString("unique_id", node.UniqueId);
        ArtifactJson.WriteStrings(json, "fqn", node.Fqn);
        json.WriteString("description", test.Description ?? string.Empty);
        json.WriteStartObject("overrides");
        ArtifactJson.WriteMap(json, "vars", test.Vars);
        ArtifactJson.WriteMap(json, "macros", test.IsIncremental ? [new("is_incremental", true)] : []);
        ArtifactJson.WriteEmptyObject(json, "env_vars");
        json.WriteEndObject();
        json.WriteStartObject("depends_on");
        ArtifactJson.WriteStrings(json, "macros", []);
        ArtifactJson.WriteStrings(json, "nodes", [node.AttachedTo!]);
        json.WriteEndObject();
        json.WriteStartObject("config");
        ArtifactJson.WriteStrings(json, "tags", test.Tags);
        ArtifactJson.WriteEmptyObject(json, "meta");
        json.WriteBoolean("enabled", test.Enabled);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter json, UnitTestRows rows)
    {
        json.WriteString("format", rows.Format);
        if (rows.Sql is { } sql)
        {
            json.WriteString("rows", sql);
            return;
        }

        json.WritePropertyName("rows");
        json.WriteStartArray();
        foreach (var row in rows.Rows)
        {
            json.WriteStartObject();
            foreach (var (column, value) in row)
            {
                json.WritePropertyName(column);
                ArtifactJson.WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
