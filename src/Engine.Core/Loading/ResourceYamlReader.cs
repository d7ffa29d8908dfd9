using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>Reads a properties file under models/: <c>models:</c>, <c>seeds:</c> and <c>snapshots:</c> entries, and <c>unit_tests:</c> into the given collection.</summary>
public static class ResourceYamlReader
{
    private static readonly string[] TopKeys = ["version", "models", "seeds", "snapshots", "unit_tests"];
    private static readonly string[] EntryKeys = ["name", "description", "config", "columns", "tests", "data_tests", "meta", "docs", "constraints"];

    public static ImmutableArray<ResourceYaml> Read(
        string filePath, string text, IReadOnlySet<string> customTests, DiagnosticBag bag, System.Collections.Concurrent.ConcurrentBag<Project.UnitTestDefinition>? unitTests = null)
    {
        var root = YamlDocument.LoadMapping(filePath, text, bag);
        if (root is null)
        {
            return [];
        }

        var map = new YamlMap(root, filePath, bag, "a properties file", TopKeys);
        var result = ImmutableArray.CreateBuilder<ResourceYaml>();
        foreach (var section in new[] { "models", "seeds", "snapshots" })
        {
            foreach (var node in map.Mappings(section, section[..^1]))
            {
                var entry = new YamlMap(node, filePath, bag, $"a '{section}' entry", EntryKeys);
                var name = entry.RequiredString("name", $"a '{section}' entry");
                if (name is null)
                {
                    continue;
                }

                var configNode = entry.MappingNode("config");
                var config = configNode is null
                    ? Project.ModelConfig.Empty
                    : ModelConfigReader.Read(YamlConfigEntries.From(configNode, filePath, plusPrefixed: false), bag, $"config of '{name}'");
                if (entry.Plain("meta") is IReadOnlyDictionary<string, object?> meta)
                {
                    // dbt reads a resource's meta property and its config's meta as one.
                    config = config with { Meta = meta.ToImmutableDictionary(StringComparer.Ordinal).SetItems(config.Meta) };
                }
                result.Add(new ResourceYaml(
                    name, section, entry.String("description"), config,
                    ColumnReader.Read(entry, customTests, bag),
                    TestDeclarationReader.Read(entry, null, customTests, bag),
                    entry.Location)
                {
                    Constraints = ConstraintReader.Read(entry, null, bag),
                });
            }
        }

        foreach (var unitTest in UnitTestReader.Read(map))
        {
            unitTests?.Add(unitTest);
        }

        return result.ToImmutable();
    }
}
