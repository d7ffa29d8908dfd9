using System.Reflection;
using System.Text.Json;
using Engine.Runtime.Execution;

namespace Engine.Runtime.Artifacts;

/// <summary>The <c>metadata</c> block every artifact starts with, in dbt's shape.</summary>
public static class ArtifactMetadata
{
    public static void Write(Utf8JsonWriter json, string schemaVersion, RunInvocation invocation, string projectName)
    {
        json.WriteStartObject("metadata");
        json.WriteString("dbt_schema_version", schemaVersion);
        json.WriteString("engine_version", typeof(ArtifactMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
        json.WriteString("generated_at", invocation.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("invocation_id", invocation.InvocationId);
        json.WriteString("adapter_type", invocation.AdapterType);
        json.WriteString("project_name", projectName);
        json.WriteEndObject();
    }
}
