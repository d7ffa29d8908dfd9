using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>Reads a <c>columns:</c> list with each column's description, type and tests.</summary>
public static class ColumnReader
{
    private static readonly string[] Keys = ["name", "description", "data_type", "tests", "data_tests", "meta", "quote", "constraints", "tags"];

    public static ImmutableArray<ColumnDefinition> Read(YamlMap owner, IReadOnlySet<string> customTests, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<ColumnDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in owner.Mappings("columns", "column"))
        {
            var map = new YamlMap(node, owner.FilePath, bag, "column", Keys);
            var name = map.RequiredString("name", "a column");
            if (name is null)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                bag.Error(DiagnosticCodes.DuplicateDefinition, $"column '{name}' is declared twice", map.Location);
            }

            result.Add(new ColumnDefinition(
                name, map.String("description"), map.String("data_type"),
                TestDeclarationReader.Read(map, name, customTests, bag), map.Location)
            {
                Constraints = ConstraintReader.Read(map, name, bag),
                Tags = map.StringList("tags"),
                Meta = map.Plain("meta") is IReadOnlyDictionary<string, object?> meta ? meta.ToImmutableDictionary(StringComparer.Ordinal) : ImmutableDictionary<string, object?>.Empty,
            });
        }

        return result.ToImmutable();
    }
}
