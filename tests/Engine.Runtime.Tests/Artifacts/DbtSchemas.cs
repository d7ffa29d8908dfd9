using System.Text.Json;
using Json.Schema;

namespace Engine.Runtime.Tests.Artifacts;

/// <summary>
/// dbt's published artifact schemas, vendored in Schemas/ (see its README), and a validation that returns every error
/// with the JSON path it is at, so a failing test says what to fix.
/// </summary>
public static class DbtSchemas
{
    // Each schema is built once: the manifest's is 1.2 MB.
    private static readonly Lazy<JsonSchema> ManifestSchema = new(() => Load("manifest-v12.json"));
    private static readonly Lazy<JsonSchema> RunResultsSchema = new(() => Load("run-results-v6.json"));

    public static JsonSchema Manifest => ManifestSchema.Value;

    public static JsonSchema RunResults => RunResultsSchema.Value;

    /// <summary>The schema's errors for the file, one line each (instance path: message); empty when it validates.</summary>
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

    private static JsonSchema Load(string file) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Artifacts", "Schemas", file)));
}
