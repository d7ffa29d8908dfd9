using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>Descriptions with <c>{{ doc('name') }}</c> get the text of the project's docs block of that name.</summary>
public static partial class Descriptions
{
    public static string? Resolve(YamlNode? node, string file, ImportContext context)
    {
        var text = YamlValues.Text(node);
        if (text is null || !text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        return DocCall().Replace(text, match =>
        {
            if (context.Docs.TryGetValue(match.Groups["name"].Value, out var body))
            {
                return body.Trim();
            }

            context.NotConverted($"no docs block '{match.Groups["name"].Value}' for this description; kept as written", file, node);
            return match.Value;
        });
    }

    [GeneratedRegex(@"\{\{-?\s*doc\(\s*['""](?<name>[^'""]+)['""]\s*\)\s*-?\}\}")]
    private static partial Regex DocCall();
}
