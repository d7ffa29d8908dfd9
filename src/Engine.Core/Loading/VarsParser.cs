using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>Reads <c>--vars '{key: value}'</c> (YAML or JSON) into plain values.</summary>
public static class VarsParser
{
    public static ImmutableDictionary<string, object?> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ImmutableDictionary<string, object?>.Empty;
        }

        var bag = new DiagnosticBag();
        var root = YamlDocument.LoadMapping("--vars", text, bag);
        if (root is null || bag.HasErrors)
        {
            var detail = bag.ToSortedList().FirstOrDefault()?.Message ?? "not a mapping";
            throw new ProjectException(DiagnosticCodes.InvalidVars, $"--vars must be a YAML or JSON mapping such as '{{\"start_date\": \"2024-01-01\"}}': {detail}");
        }

        return YamlPlain.ToPlain(root) as ImmutableDictionary<string, object?> ?? ImmutableDictionary<string, object?>.Empty;
    }
}
