using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// A YAML mapping read against a list of known keys. Unknown keys are reported at once with a
/// "did you mean" suggestion, never ignored; typed getters report wrong shapes at the value's position.
/// </summary>
public sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string filePath, DiagnosticBag bag, string context, IReadOnlyCollection<string> knownKeys)
    {
        Node = node;
        FilePath = filePath;
        Bag = bag;
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                bag.Error(DiagnosticCodes.InvalidValue, $"keys of {context} must be plain names", At(keyNode));
                continue;
            }

            if (!knownKeys.Contains(key))
            {
                bag.Error(DiagnosticCodes.UnknownKey, $"unknown key '{key}' in {context}{NameSuggester.DidYouMean(key, knownKeys)}", At(keyNode));
                continue;
            }

            if (!_entries.TryAdd(key, (scalarKey, value)))
            {
                bag.Error(DiagnosticCodes.DuplicateDefinition, $"key '{key}' appears twice in {context}", At(keyNode));
            }
        }
    }

    public YamlMappingNode Node { get; }

    public string FilePath { get; }

    public DiagnosticBag Bag { get; }

    public SourceLocation Location => At(Node);

    public IEnumerable<string> Keys => _entries.Keys;

    public bool Has(string key) => _entries.ContainsKey(key);

    public SourceLocation At(YamlNode node) => YamlDocument.At(FilePath, node);

    public SourceLocation KeyLocation(string key) => _entries.TryGetValue(key, out var e) ? At(e.Key) : Location;

    public YamlNode? Get(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public string? String(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                var plain = YamlPlain.Scalar(scalar);
                return plain is null ? null : YamlPlain.Describe(plain);
            default:
                Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a single value", At(node));
                return null;
        }
    }

    public string? RequiredString(string key, string context)
    {
        var value = String(key);
        if (value is null && !Has(key))
        {
            Bag.Error(DiagnosticCodes.MissingKey, $"{context} needs '{key}'", Location);
        }
        else if (string.IsNullOrWhiteSpace(value))
        {
            Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' of {context} must not be empty", KeyLocation(key));
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && YamlPlain.Scalar(scalar) is bool b)
        {
            return b;
        }

        Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be true or false", At(node));
        return null;
    }

    public int? Int(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && YamlPlain.Scalar(scalar) is long l && l is >= int.MinValue and <= int.MaxValue)
        {
            return (int)l;
        }

        Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a whole number", At(node));
        return null;
    }

    /// <summary>A list of strings; a single scalar counts as a list of one, as dbt allows for tags and keys.</summary>
    public ImmutableArray<string> StringList(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return YamlPlain.Scalar(scalar) is { } v ? [YamlPlain.Describe(v)] : [];
            case YamlSequenceNode sequence:
                var items = ImmutableArray.CreateBuilder<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode s && YamlPlain.Scalar(s) is { } value)
                    {
                        items.Add(YamlPlain.Describe(value));
                    }
                    else
                    {
                        Bag.Error(DiagnosticCodes.InvalidValue, $"items of '{key}' must be single values", At(item));
                    }
                }

                return items.ToImmutable();
            default:
                Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a value or a list of values", At(node));
                return [];
        }
    }

    public YamlMap? Map(string key, string context, IReadOnlyCollection<string> knownKeys)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new YamlMap(mapping, FilePath, Bag, context, knownKeys);
            case YamlScalarNode { Value: null or "" } scalar when YamlPlain.Scalar(scalar) is null:
                return null;
            default:
                Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a mapping of keys to values", At(node));
                return null;
        }
    }

    public YamlMappingNode? MappingNode(string key)
    {
        var node = Get(key);
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        if (node is YamlScalarNode scalar && YamlPlain.Scalar(scalar) is null)
        {
            return null;
        }

        Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a mapping of keys to values", At(node));
        return null;
    }

    /// <summary>The items of a list; each item that is not a mapping is reported.</summary>
    public IEnumerable<YamlMappingNode> Mappings(string key, string itemName)
    {
        var node = Get(key);
        if (node is null || (node is YamlScalarNode scalar && YamlPlain.Scalar(scalar) is null))
        {
            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a list of {itemName}s", At(node));
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                Bag.Error(DiagnosticCodes.InvalidValue, $"each item of '{key}' must be a {itemName} (a mapping with 'name')", At(item));
            }
        }
    }

    public object? Plain(string key) => Get(key) is { } node ? YamlPlain.ToPlain(node) : null;

    /// <summary>Reports a value outside an enumeration, with the nearest allowed one.</summary>
    public string? OneOf(string key, IReadOnlyList<string> allowed)
    {
        var value = String(key);
        if (value is not null && !allowed.Contains(value))
        {
            Bag.Error(DiagnosticCodes.InvalidValue,
                $"'{key}' must be one of {string.Join(", ", allowed)}, not '{value}'{NameSuggester.DidYouMean(value, allowed)}",
                At(Get(key)!));
            return null;
        }

        return value;
    }
}
