using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;

namespace Engine.Runtime.Artifacts;

/// <summary>One entry of the manifest's <c>exposures</c>: a dashboard, with the models and sources its charts read.</summary>
public static class ManifestExposureWriter
{
    public static void Write(Utf8JsonWriter json, ParsedProject parsed, GraphNode node)
    {
        var dashboard = parsed.Definition.Dashboards.FirstOrDefault(d => d.Name == node.Name);
        var nodeParse = parsed.Nodes.GetValueOrDefault(node.UniqueId);
        json.WriteStartObject(node.UniqueId);
        json.WriteString("name", node.Name);
        json.WriteString("resource_type", "exposure");
        json.WriteString("package_name", parsed.Definition.Config.Name);
        json.WriteString("path", node.RelativePath);
        json.WriteString("original_file_path", node.RelativePath);
        json.WriteString("unique_id", node.UniqueId);
        ArtifactJson.WriteStrings(json, "fqn", node.Fqn);
        json.WriteString("type", "dashboard");
        json.WriteStartObject("owner");
        json.WriteString("name", dashboard?.Owner ?? parsed.Definition.Config.Name);
        json.WriteEndObject();
        json.WriteString("description", node.Description ?? string.Empty);
        json.WriteString("label", dashboard?.Title);
        ArtifactJson.WriteEmptyObject(json, "meta");
        ArtifactJson.WriteStrings(json, "tags", node.Tags);
        json.WriteStartObject("config");
        json.WriteBoolean("enabled", true);
        ArtifactJson.WriteStrings(json, "tags", node.Tags);
        ArtifactJson.WriteEmptyObject(json, "meta");
        json.WriteEndObject();
        ArtifactJson.WriteEmptyObject(json, "unrendered_config");
        json.WriteStartObject("depends_on");
        ArtifactJson.WriteStrings(json, "macros", []);
        ArtifactJson.WriteStrings(json, "nodes", node.DependsOn);
        json.WriteEndObject();
        json.WriteStartArray("refs");
        foreach (var call in (nodeParse?.Refs ?? []).DistinctBy(r => r.Name))
        {
            json.WriteStartObject();
            json.WriteString("name", call.Name);
            json.WriteString("package", call.Package);
            json.WriteNull("version");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("sources");
        foreach (var call in (nodeParse?.Sources ?? []).DistinctBy(s => (s.SourceName, s.TableName)))
        {
            json.WriteStartArray();
            json.WriteStringValue(call.SourceName);
            json.WriteStringValue(call.TableName);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("metrics");
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
