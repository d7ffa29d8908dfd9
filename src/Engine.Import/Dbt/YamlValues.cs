using System.Diagnostics.CodeAnalysis;
using Engine.Core.Loading;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Engine.Import.Dbt;

/// <summary>
/// YAML nodes to plain values that keep their key order (mappings become <see cref="Dictionary{TKey,TValue}"/>, which
/// YamlDotNet writes in insertion order) and back to YAML text. Scalars are typed as the engine's loader types them.
/// </summary>
public static class YamlValues
{
    private static readonly ISerializer Serializer = CreateSerializer();

    public static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => YamlPlain.Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => mapping.Children
            .Where(kv => kv.Key is YamlScalarNode)
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => Plain(kv.Value), StringComparer.Ordinal),
        _ => null,
    };

    /// <summary>The value of a scalar node as a string, or null for another kind of node.</summary>
    public static string? Text(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    public static IEnumerable<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping) =>
        mapping.Children
            .Where(kv => kv.Key is YamlScalarNode { Value: not null })
            .Select(kv => (((YamlScalarNode)kv.Key).Value!, (YamlScalarNode)kv.Key, kv.Value));

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var v } && v == key).Value;

    public static string Write(object value) => Serializer.Serialize(value);

    // The reflection-based serializer only ever meets the plain values Plain makes (dictionaries of strings to objects,
    // lists of objects, strings, numbers, booleans), and YamlDotNet is kept whole in the ahead-of-time build
    // (Engine.Cli.csproj). Importing both test fixtures on that build writes the same files as on the JIT (bench/README,
    // "The engine compiled ahead of time").
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Serializes only Plain's dictionaries, lists and scalars.")]
    private static ISerializer CreateSerializer() => new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .WithIndentedSequences()
        .Build();
}
