using System.Reflection;
using System.Text.Json;
using Engine.Runtime.Execution;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// The <c>metadata</c> block every artifact starts with, in dbt's shape. dbt's schemas refuse unknown keys here, so
/// the engine's version goes into <c>dbt_version</c> (the field tools read to know which writer produced the file).
/// </summary>
public static class ArtifactMetadata
{
    public static string EngineVersion { get; } =
        typeof(ArtifactMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Writes the block; <paramref name="projectName"/> is given for the manifest only, whose schema also allows project and adapter.</summary>
    public static void Write(Utf8JsonWriter json, string schemaVersion, RunInvocation invocation, string? projectName = null)
    {
        json.WriteStartObject("metadata");
        json.WriteString("dbt_schema_version", schemaVersion);
        json.WriteString("dbt_version", EngineVersion);
        json.WriteString("generated_at", Timestamp(invocation.GeneratedAt));
        json.WriteString("invocation_id", invocation.InvocationId);
        json.WriteStartObject("env");
        json.WriteEndObject();
        if (projectName is not null)
        {
            json.WriteString("project_name", projectName);
            json.WriteString("adapter_type", invocation.AdapterType);
        }

        json.WriteEndObject();
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
}
