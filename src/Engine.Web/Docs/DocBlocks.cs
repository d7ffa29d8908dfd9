using System.Text.RegularExpressions;

namespace Engine.Web.Docs;

/// <summary>
/// dbt's docs blocks: <c>{% docs name %}…{% enddocs %}</c> in any .md file under models/, and <c>{{ doc('name') }}</c>
/// in a description replaced by the block's text. A doc() naming no block is left as written, so the page shows it.
/// </summary>
public sealed partial class DocBlocks
{
    private readonly Dictionary<string, string> _blocks;

    private DocBlocks(Dictionary<string, string> blocks) => _blocks = blocks;

    public IReadOnlyDictionary<string, string> Blocks => _blocks;

    public static DocBlocks Load(string projectRoot)
    {
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "models", "docs" }.Select(f => Path.Combine(projectRoot, f)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                foreach (Match m in BlockPattern().Matches(File.ReadAllText(file)))
                {
                    blocks.TryAdd(m.Groups["name"].Value, m.Groups["body"].Value.Trim());
                }
            }
        }

        return new DocBlocks(blocks);
    }

    public string? Resolve(string? description) =>
        description is null ? null : DocCall().Replace(description, m => _blocks.TryGetValue(m.Groups["name"].Value, out var text) ? text : m.Value);

    [GeneratedRegex(@"\{%-?\s*docs\s+(?<name>\w+)\s*-?%\}(?<body>.*?)\{%-?\s*enddocs\s*-?%\}", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"\{\{\s*doc\(\s*['""](?<name>\w+)['""]\s*\)\s*\}\}")]
    private static partial Regex DocCall();
}
