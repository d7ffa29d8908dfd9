using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// A previous invocation as its <c>run_results.json</c> records it: the command and its arguments, and each node's
/// status. Read for <c>result:</c> selectors (<c>--state DIR</c>) and by <c>engine retry</c> (the project's target/).
/// </summary>
public sealed record PreviousRun(string Command, string? Target, bool FullRefresh, int? Threads, PreviousResults Results)
{
    /// <exception cref="ProjectException">ENG1304: the file is missing, not JSON, or has no results.</exception>
    public static PreviousRun Read(string directory)
    {
        var path = Path.Combine(directory, "run_results.json");
        JsonNode? root;
        try
        {
            using var stream = File.OpenRead(path);
            root = JsonNode.Parse(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ProjectException(DiagnosticCodes.StateUnreadable, $"cannot read the previous run's results {path}: {e.Message}");
        }

        if (root?["results"] is not JsonArray results)
        {
            throw new ProjectException(DiagnosticCodes.StateUnreadable, $"{path} has no 'results': it is not a run_results.json");
        }

        var statuses = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (StateManifest.Text(result?["unique_id"]) is { } id && StateManifest.Text(result?["status"]) is { } status)
            {
                statuses[id] = status;
            }
        }

        var args = root["args"];
        return new PreviousRun(
            StateManifest.Text(args?["which"]) ?? "build",
            StateManifest.Text(args?["target"]),
            args?["full_refresh"]?.GetValueKind() == JsonValueKind.True,
            args?["threads"]?.GetValueKind() == JsonValueKind.Number ? args["threads"]!.GetValue<int>() : null,
            new PreviousResults(statuses.ToImmutable()));
    }

    /// <summary>The nodes <c>engine retry</c> reruns: those that failed and those skipped, in id order.</summary>
    public ImmutableArray<string> Retryable =>
        [.. Results.StatusByNode.Where(p => PreviousResults.Retryable.Contains(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal)];
}
