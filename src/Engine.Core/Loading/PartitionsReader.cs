using System.Collections.Immutable;
using System.Globalization;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// <c>partitions:</c> of pipeline.yml: a mapping of names to definitions. A definition named after its grain
/// (<c>daily:</c>) may leave out <c>type</c>.
/// </summary>
/// <example><code>
/// partitions:
///   daily:
///     start: 2024-01-01
///     timezone: UTC
///     end_offset: 0
/// </code></example>
public static class PartitionsReader
{
    private static readonly string[] Keys = ["type", "start", "timezone", "end_offset"];

    private static readonly string[] Grains = ["hourly", "daily", "weekly", "monthly"];

    private static readonly string[] StartFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    public static ImmutableDictionary<string, PartitionsDefinition> Read(YamlMap pipeline, DiagnosticBag bag)
    {
        var result = ImmutableDictionary.CreateBuilder<string, PartitionsDefinition>(StringComparer.Ordinal);
        var node = pipeline.MappingNode("partitions");
        if (node is null)
        {
            return result.ToImmutable();
        }

        foreach (var (keyNode, value) in node.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (value is not YamlMappingNode definitionNode)
            {
                bag.Error(DiagnosticCodes.PartitionsInvalid, $"partitions '{name}' must be a mapping with 'start' (and 'type', 'timezone', 'end_offset')", pipeline.At(value));
                continue;
            }

            var map = new YamlMap(definitionNode, pipeline.FilePath, bag, $"partitions '{name}'", Keys);
            if (Read(name, map, pipeline.At(keyNode)) is { } definition)
            {
                result[name] = definition;
            }
        }

        return result.ToImmutable();
    }

    private static PartitionsDefinition? Read(string name, YamlMap map, SourceLocation location)
    {
        var bag = map.Bag;
        var type = map.String("type") ?? (Grains.Contains(name) ? name : null);
        PartitionGrain? grain = type switch
        {
            "hourly" => PartitionGrain.Hourly,
            "daily" => PartitionGrain.Daily,
            "weekly" => PartitionGrain.Weekly,
            "monthly" => PartitionGrain.Monthly,
            _ => null,
        };
        if (grain is null)
        {
            var where = map.Has("type") ? map.At(map.Get("type")!) : location;
            bag.Error(DiagnosticCodes.PartitionsInvalid,
                type is null
                    ? $"partitions '{name}' needs 'type': one of {string.Join(", ", Grains)}"
                    : $"'type' of partitions '{name}' must be one of {string.Join(", ", Grains)}, not '{type}'{NameSuggester.DidYouMean(type, Grains)}",
                where);
        }

        var startText = map.String("start");
        DateTime start = default;
        if (startText is null)
        {
            bag.Error(DiagnosticCodes.PartitionsInvalid, $"partitions '{name}' needs 'start', e.g. start: 2024-01-01", location);
        }
        else if (!DateTime.TryParseExact(startText, StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            bag.Error(DiagnosticCodes.PartitionsInvalid, $"'start' of partitions '{name}' must be a date (2024-01-01) or a time (2024-01-01 06:00), not '{startText}'", map.At(map.Get("start")!));
        }

        var zone = TimeZoneReader.Read(map);
        var endOffset = map.Int("end_offset") ?? 0;
        return grain is null || startText is null || start == default
            ? null
            : new PartitionsDefinition(name, grain.Value, start, zone, endOffset, location);
    }
}
