using Engine.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>Reads the entries of a YAML <c>config:</c> mapping (or the <c>+key</c> entries of a folder) with their positions.</summary>
public static class YamlConfigEntries
{
    public static IEnumerable<ConfigEntry> From(YamlMappingNode node, string filePath, bool plusPrefixed)
    {
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                continue;
            }

            if (plusPrefixed)
            {
                if (!name.StartsWith('+'))
                {
                    continue;
                }

                name = name[1..];
            }

            yield return new ConfigEntry(name, YamlPlain.ToPlain(value), YamlDocument.At(filePath, key)) { Node = value };
        }
    }

    public static SourceLocation KeyLocation(YamlMappingNode node, string filePath, string key)
    {
        foreach (var (k, _) in node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return YamlDocument.At(filePath, k);
            }
        }

        return YamlDocument.At(filePath, node);
    }
}
