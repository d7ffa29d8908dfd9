using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Project.Orchestration;

namespace Engine.Core.Loading;

/// <summary>Reads pipeline.yml: name, targets, folder defaults, vars, steps, partitions and schedules.</summary>
public static class PipelineFileReader
{
    public const string FileName = "pipeline.yml";

    private static readonly string[] TopKeys =
    [
        "name", "version", "target", "targets", "models", "seeds", "vars",
        "steps", "partitions", "schedules", "freshness", "automation", "dashboards",
    ];

    private static readonly string[] PendingOrchestrationKeys = ["freshness", "automation", "dashboards"];

    private static readonly string[] CommonTargetKeys = ["type", "schema", "database", "threads"];

    public static ProjectConfig? Read(
        string filePath, string text, IReadOnlySet<string> modelFolders, IReadOnlySet<string> seedFolders, DiagnosticBag bag)
    {
        var root = YamlDocument.LoadMapping(filePath, text, bag);
        if (root is null)
        {
            return null;
        }

        if (root.Children.Count == 0)
        {
            // One error, not one per missing setting and then one per model that needs them.
            bag.Error(DiagnosticCodes.MissingKey, $"{FileName} is empty; it needs at least 'name: <project name>'", SourceLocation.File(filePath));
            return null;
        }

        var map = new YamlMap(root, filePath, bag, FileName, TopKeys);
        var name = map.RequiredString("name", FileName) ?? "project";
        var targets = ReadTargets(map, bag);
        var defaultTarget = map.String("target") ?? (targets.ContainsKey("dev") || targets.IsEmpty ? "dev" : targets.Keys.Order(StringComparer.Ordinal).First());
        if (targets.IsEmpty)
        {
            targets = targets.Add("dev", TargetConfig.DefaultLocal(filePath));
        }

        if (!targets.ContainsKey(defaultTarget))
        {
            bag.Error(DiagnosticCodes.UnknownTarget,
                $"default target '{defaultTarget}' is not among the targets{NameSuggester.DidYouMean(defaultTarget, targets.Keys)}",
                map.KeyLocation("target"));
        }

        var vars = map.Plain("vars") switch
        {
            null => ImmutableDictionary<string, object?>.Empty,
            ImmutableDictionary<string, object?> d => d,
            _ => Invalid(bag, "'vars' must be a mapping of names to values", map.KeyLocation("vars")),
        };

        var partitions = PartitionsReader.Read(map, bag);
        var orchestration = new OrchestrationConfig
        {
            Steps = StepListReader.Read(map, "steps", bag),
            Partitions = partitions,
            Schedules = SchedulesReader.Read(map, partitions, bag),
            Pending = PendingOrchestrationKeys.Where(map.Has).ToImmutableDictionary(k => k, map.Plain, StringComparer.Ordinal),
        };

        return new ProjectConfig(
            name,
            defaultTarget,
            targets,
            FolderConfigReader.Read(map.MappingNode("models"), filePath, name, "models", modelFolders, bag),
            FolderConfigReader.Read(map.MappingNode("seeds"), filePath, name, "seeds", seedFolders, bag),
            vars,
            map.Location)
        { Orchestration = orchestration };
    }

    private static ImmutableDictionary<string, object?> Invalid(DiagnosticBag bag, string message, SourceLocation location)
    {
        bag.Error(DiagnosticCodes.InvalidValue, message, location);
        return ImmutableDictionary<string, object?>.Empty;
    }

    private static ImmutableDictionary<string, TargetConfig> ReadTargets(YamlMap map, DiagnosticBag bag)
    {
        var result = ImmutableDictionary.CreateBuilder<string, TargetConfig>(StringComparer.Ordinal);
        var node = map.MappingNode("targets");
        if (node is null)
        {
            return result.ToImmutable();
        }

        foreach (var (keyNode, value) in node.Children)
        {
            var name = (keyNode as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? string.Empty;
            if (value is not YamlDotNet.RepresentationModel.YamlMappingNode targetNode)
            {
                bag.Error(DiagnosticCodes.InvalidValue, $"target '{name}' must be a mapping", map.At(value));
                continue;
            }

            // Every key is accepted here; the adapter registered for the type validates its own keys (WarehouseRegistry).
            var keys = targetNode.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToArray();
            var t = new YamlMap(targetNode, map.FilePath, bag, $"target '{name}'", keys);
            var settings = ImmutableDictionary.CreateBuilder<string, TargetSetting>(StringComparer.Ordinal);
            foreach (var key in t.Keys.Except(CommonTargetKeys))
            {
                if (t.String(key) is { } text)
                {
                    settings[key] = new TargetSetting(text, t.KeyLocation(key));
                }
            }

            var target = new TargetConfig(name, t.String("type") ?? TargetConfig.DefaultType, map.At(keyNode))
            {
                Schema = t.String("schema") ?? "public",
                Database = t.String("database"),
                Threads = t.Int("threads") ?? 4,
                TypeLocation = t.Has("type") ? t.At(t.Get("type")!) : map.At(keyNode),
                Settings = settings.ToImmutable(),
            };
            if (target.Threads < 1)
            {
                bag.Error(DiagnosticCodes.InvalidValue, "'threads' must be at least 1", t.KeyLocation("threads"));
            }

            result[name] = target;
        }

        return result.ToImmutable();
    }
}
