using System.Collections;
using Engine.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// A config entry whose value is a mapping (<c>freshness</c>, <c>automation: {on_cron: ...}</c>) read as a
/// <see cref="YamlMap"/>, so one reader serves YAML and templates. Written in YAML, nested problems keep their own
/// positions; a template's <c>config</c> value has none, so its problems are reported at the config call.
/// </summary>
public static class ConfigEntryMap
{
    /// <returns>Null (after reporting it) when the value is not a mapping.</returns>
    public static T? Read<T>(ConfigEntry entry, DiagnosticBag bag, IReadOnlyCollection<string> knownKeys, string shape, Func<YamlMap, T?> read)
        where T : class
    {
        if (entry.Node is YamlMappingNode node)
        {
            return read(new YamlMap(node, entry.Location.FilePath, bag, $"'{entry.Key}'", knownKeys));
        }

        if (entry.Value is not IReadOnlyDictionary<string, object?> plain)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, $"'{entry.Key}' must be {shape}", entry.Location);
            return null;
        }

        var local = new DiagnosticBag();
        var result = read(new YamlMap((YamlMappingNode)ToNode(plain), entry.Location.FilePath, local, $"'{entry.Key}'", knownKeys));
        bag.AddRange(local.ToSortedList().Select(d => d with { Location = entry.Location }));
        return result;
    }

    private static YamlNode ToNode(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => new YamlMappingNode(map.Select(kv => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), ToNode(kv.Value)))),
        string s => new YamlScalarNode(s) { Style = ScalarStyle.SingleQuoted },
        null => new YamlScalarNode(string.Empty),
        IEnumerable items => new YamlSequenceNode(items.Cast<object?>().Select(ToNode)),
        _ => new YamlScalarNode(YamlPlain.Describe(value)),
    };
}
