using System.Globalization;
using System.Text.Json;
using Engine.Runtime.Artifacts;

namespace Engine.Orchestration.Freshness;

/// <summary><c>target/sources.json</c> in dbt's shape (sources v3): one result per source table with its freshness.</summary>
public static class SourcesJsonWriter
{
    public const string SchemaVersion = "https://schemas.getdbt.com/dbt/sources/v3.json";

    public static string Write(string projectDirectory, IReadOnlyList<FreshnessResult> results, DateTimeOffset generatedAt, TimeSpan elapsed)
    {
        var path = Path.Combine(projectDirectory, "target", "sources.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        // dbt's schema allows no other keys here: the engine's version is dbt_version, as in the other artifacts.
        json.WriteString("dbt_schema_version", SchemaVersion);
        json.WriteString("dbt_version", ArtifactMetadata.EngineVersion);
        json.WriteString("generated_at", Time(generatedAt));
        json.WriteString("invocation_id", Guid.NewGuid().ToString());
        json.WriteStartObject("env");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            WriteResult(json, result);
        }

        json.WriteEndArray();
        json.WriteNumber("elapsed_time", Math.Round(elapsed.TotalSeconds, 3));
        json.WriteEndObject();
        return path;
    }

    public static string StatusName(FreshnessStatus status) => status == FreshnessStatus.RuntimeError ? "runtime error" : status.ToString().ToLowerInvariant();

    private static void WriteResult(Utf8JsonWriter json, FreshnessResult result)
    {
        json.WriteStartObject();
        json.WriteString("unique_id", result.UniqueId);
        json.WriteString("status", StatusName(result.Status));
        if (result.Status == FreshnessStatus.RuntimeError)
        {
            // dbt's runtime-error result carries the error and nothing else (its schema refuses any other key).
            json.WriteString("error", result.Error);
            json.WriteEndObject();
            return;
        }

        if (result.MaxLoadedAt is { } max)
        {
            json.WriteString("max_loaded_at", Time(max));
        }
        else
        {
            json.WriteNull("max_loaded_at");
        }

        json.WriteString("snapshotted_at", Time(result.SnapshottedAt));
        if (result.Age is { } age)
        {
            json.WriteNumber("max_loaded_at_time_ago_in_s", Math.Round(age.TotalSeconds, 6));
        }
        else
        {
            json.WriteNull("max_loaded_at_time_ago_in_s");
        }

        ArtifactJson.WriteFreshness(json, "criteria", result.Criteria);
        json.WriteStartObject("adapter_response");
        json.WriteEndObject();
        json.WriteStartArray("timing");
        json.WriteStartObject();
        json.WriteString("name", "execute");
        json.WriteString("started_at", Time(result.StartedAt));
        json.WriteString("completed_at", Time(result.CompletedAt));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("thread_id", "Thread-1");
        json.WriteNumber("execution_time", Math.Round((result.CompletedAt - result.StartedAt).TotalSeconds, 3));
        json.WriteEndObject();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
