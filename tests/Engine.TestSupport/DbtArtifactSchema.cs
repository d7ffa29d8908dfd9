using System.Text.Json;
using Json.Schema;

namespace Engine.TestSupport;

/// <summary>
/// Validates an artifact against one of dbt's published schemas vendored in tests/Engine.Runtime.Tests/Artifacts/Schemas
/// (their README names source, commit and licence), for test projects other than Runtime.Tests: sources.json from
/// Orchestration, the Strava project's artifacts from the CLI. Returns every error with its JSON path.
/// </summary>
public static class DbtArtifactSchema
{
    private static readonly Dictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <param name="schemaFile">A file of the Schemas folder: manifest-v12.json, run-results-v6.json, sources-v3.json.</param>
    public static IReadOnlyList<string> Errors(string schemaFile, string jsonFile)
    {
        JsonSchema schema;
        lock (Gate)
        {
            if (!Loaded.TryGetValue(schemaFile, out schema!))
            {
                schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Engine.Runtime.Tests", "Artifacts", "Schemas", schemaFile)));
                Loaded[schemaFile] = schema;
            }
        }

        using var document = JsonDocument.Parse(File.ReadAllText(jsonFile));
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
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
        return errors.Count == 0 ? ["(invalid, without a message)"] : errors;
    }
}
