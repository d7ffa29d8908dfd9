using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Core.Diagnostics;

namespace Engine.Runtime.Artifacts;

/// <summary>The <c>manifest.json</c> of <c>--state DIR</c>, read once for state comparison and for deferral.</summary>
public static class StateManifest
{
    /// <exception cref="ProjectException">ENG1304: the file is missing or is not JSON.</exception>
    public static JsonNode? Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "manifest.json");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonNode.Parse(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ProjectException(DiagnosticCodes.StateUnreadable, $"--state: cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Every node, source and exposure entry, by unique id.</summary>
    public static IEnumerable<(string Id, JsonNode Node)> Entries(JsonNode? manifest) =>
        new[] { "nodes", "sources", "exposures", "unit_tests" }
            .SelectMany(key => manifest?[key]?.AsObject() ?? [])
            .Where(p => p.Value is not null)
            .Select(p => (p.Key, p.Value!));

    public static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
