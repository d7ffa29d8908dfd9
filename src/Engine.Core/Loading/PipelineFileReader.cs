using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>Reads pipeline.yml: name, targets, folder defaults, vars; orchestration keys are kept for later stages.</summary>
public static partial class PipelineFileReader
{
    public const string FileName = "pipeline.yml";

    private static readonly string[] TopKeys =
    [
        "name", "version", "target", "targets", "models", "seeds", "vars",
        "steps", "partitions", "schedules", "freshness", "automation", "dashboards",
    ];

    private static readonly string[] SecretKeys = ["password", "private_key_passphrase"];

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    private static readonly string[] OrchestrationKeys = ["steps", "partitions", "schedules", "freshness", "automation", "dashboards"];

    private static readonly string[] CommonTargetKeys = ["type", "schema", "database", "threads"];
    private static readonly string[] PostgresKeys = ["host", "port", "user", "password", "sslmode"];
    private static readonly string[] SnowflakeKeys = ["account", "user", "role", "warehouse", "private_key_path", "private_key_passphrase"];

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

        var orchestration = OrchestrationKeys
            .Where(map.Has)
            .ToImmutableDictionary(k => k, map.Plain, StringComparer.Ordinal);

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

            var type = new YamlMap(targetNode, map.FilePath, new DiagnosticBag(), string.Empty, ["type"]).String("type");
            string[] keys = type switch
            {
                "snowflake" => [.. CommonTargetKeys, .. SnowflakeKeys],
                _ => [.. CommonTargetKeys, .. PostgresKeys],
            };
            var t = new YamlMap(targetNode, map.FilePath, bag, $"target '{name}' ({type ?? "postgres"})", keys);
            type = t.OneOf("type", ["postgres", "snowflake"]) ?? type ?? "postgres";
            var target = new TargetConfig(name, type, map.At(keyNode))
            {
                Schema = t.String("schema") ?? "public",
                Database = t.String("database"),
                Threads = t.Int("threads") ?? 4,
                Host = t.String("host"),
                Port = t.String("port"),
                User = t.String("user"),
                Password = t.String("password"),
                SslMode = t.String("sslmode"),
                Account = t.String("account"),
                Role = t.String("role"),
                Warehouse = t.String("warehouse"),
                PrivateKeyPath = t.String("private_key_path"),
                PrivateKeyPassphrase = t.String("private_key_passphrase"),
            };
            if (type == "snowflake")
            {
                foreach (var required in new[] { "account", "user", "database" })
                {
                    t.RequiredString(required, $"snowflake target '{name}'");
                }
            }

            foreach (var secret in SecretKeys.Where(t.Has))
            {
                // The value is never echoed: it may be the secret itself.
                if (t.String(secret) is { } written && !EnvironmentReference().IsMatch(written))
                {
                    bag.Error(DiagnosticCodes.InvalidValue,
                        $"'{secret}' of target '{name}' must be a reference such as ${{PG_PASSWORD}}, set in the environment or .env; secrets do not belong in pipeline.yml",
                        t.KeyLocation(secret));
                }
            }

            if (target.Threads < 1)
            {
                bag.Error(DiagnosticCodes.InvalidValue, "'threads' must be at least 1", t.KeyLocation("threads"));
            }

            result[name] = target;
        }

        return result.ToImmutable();
    }
}
