using System.Text.Json;
using Json.Schema;

namespace Engine.TestSupport;

/// <summary>
/// dbt's published artifact schemas, vendored in tests/Engine.Runtime.Tests/Artifacts/Schemas (its README names source,
/// commit and licence), and a validation that returns every error with the JSON path it is at, so a failing test says
/// what to fix. Used by every test project that writes an artifact: Runtime, Orchestration (sources.json), the CLI.
/// </summary>
public static class DbtArtifactSchema
{
    private static readonly Dictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static JsonSchema Manifest => Named("manifest-v12.json");

    public static JsonSchema RunResults => Named("run-results-v6.json");

    /// <summary>A schema file of the folder, built once (the manifest's is 1.2 MB): manifest-v12.json, run-results-v6.json, sources-v3.json.</summary>
    public static JsonSchema Named(string schemaFile)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(schemaFile, out var schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Engine.Runtime.Tests", "Artifacts", "Schemas", schemaFile)));
                Loaded[schemaFile] = schema;
            }

            return schema;
        }
    }

    /// <summary>The schema's errors for the file, one line each (instance path: message); empty when it validates.</summary>
    public static IReadOnlyList<string> Errors(string schemaFile, string jsonFile) => Errors(Named(schemaFile), jsonFile);

    public static IReadOnlyList<string> Errors(JsonSchema schema, string jsonFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(jsonFile));
        return Errors(schema, document.RootElement);
    }

    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // A failed result always has a reason; this line keeps "invalid" from ever reading as "no errors".
        return errors.Count == 0 ? ["(invalid, without a message)"] : errors;
    }
}
