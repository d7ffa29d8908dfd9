using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Project.Orchestration;

namespace Engine.Core.Loading;

/// <summary>Reads pipeline.yml: name, targets, folder defaults, vars; orchestration keys are kept for later stages.</summary>
public static class PipelineFileReader
{
    public const string FileName = "pipeline.yml";

    private static readonly string[] TopKeys =
    [
        "name", "version", "target", "targets", "models", "seeds", "vars",
        "steps", "partitions", "schedules", "freshness", "automation", "dashboards",
    ];

    private static readonly string[] PendingOrchestrationKeys = ["partitions", "schedules", "freshness", "automation", "dashboards"];

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

        var orchestration = new OrchestrationConfig
        {
            Steps = ReadSteps(map, bag),
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

    /// <summary><c>steps:</c> as a list of names with their locations; which names exist is Engine.Orchestration's to say.</summary>
    private static ImmutableArray<StepDeclaration>? ReadSteps(YamlMap map, DiagnosticBag bag)
    {
        switch (map.Get("steps"))
        {
            case null:
                return null;
            case YamlDotNet.RepresentationModel.YamlSequenceNode sequence:
                var steps = ImmutableArray.CreateBuilder<StepDeclaration>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        steps.Add(new StepDeclaration(name, map.At(item)));
                    }
                    else
                    {
                        bag.Error(DiagnosticCodes.InvalidValue, "each of 'steps' must be a step name, e.g. steps: [extract, sync, build]", map.At(item));
                    }
                }

                return steps.ToImmutable();
            case var other:
                bag.Error(DiagnosticCodes.InvalidValue, "'steps' must be a list of step names in the order to run them, e.g. steps: [extract, sync, build]", map.At(other));
                return null;
        }
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
