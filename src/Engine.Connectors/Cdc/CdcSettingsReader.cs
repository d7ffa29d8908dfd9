using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Validates the <c>staging:</c> and <c>cdc:</c> blocks of the sources in sources.yml. The project loader keeps
/// those blocks as plain values; this reader goes back to the YAML so every problem names its line and column.
/// </summary>
public static partial class CdcSettingsReader
{
    private static readonly string[] SourceKeys =
        ["name", "description", "database", "schema", "loaded_at_field", "freshness", "tables", "extract", "staging", "cdc", "loader", "meta"];

    private static readonly string[] TableKeys =
        ["name", "identifier", "description", "loaded_at_field", "freshness", "columns", "tests", "data_tests", "extract", "cdc", "primary_key", "meta"];

    private static readonly string[] CdcKeys = ["publication", "slot", "heartbeat_interval", "max_lag_warning", "batch_size"];
    private static readonly string[] StagingKeys = ["database", "schema"];

    /// <summary>Every source with a <c>cdc:</c> block; all problems are raised together as one <see cref="ProjectException"/>.</summary>
    public static ImmutableArray<CdcSettings> Read(IEnumerable<SourceDefinition> sources)
    {
        var bag = new DiagnosticBag();
        var result = ImmutableArray.CreateBuilder<CdcSettings>();
        var documents = new Dictionary<string, YamlMappingNode?>(StringComparer.Ordinal);
        foreach (var source in sources.Where(s => s.Connector.ContainsKey("cdc")))
        {
            var path = source.Location.FilePath;
            if (!documents.TryGetValue(path, out var root))
            {
                root = Engine.Core.Loading.YamlDocument.LoadMapping(path, File.ReadAllText(path), bag);
                documents[path] = root;
            }

            var node = root is null ? null : FindSource(root, source);
            if (node is null)
            {
                bag.Error(DiagnosticCodes.CdcConfig, $"source '{source.Name}' not found in {path} any more; was it changed during the run?", source.Location);
                continue;
            }

            if (ReadSource(new YamlMap(node, path, bag, "a source", SourceKeys), source, bag) is { } settings)
            {
                result.Add(settings);
            }
        }

        bag.ThrowIfErrors();
        return result.ToImmutable();
    }

    private static CdcSettings? ReadSource(YamlMap source, SourceDefinition definition, DiagnosticBag bag)
    {
        var context = $"source '{definition.Name}'";
        var cdc = source.Map("cdc", $"the cdc block of {context}", CdcKeys);
        var staging = source.Map("staging", $"the staging block of {context}", StagingKeys);
        if (cdc is null)
        {
            return null;
        }

        var database = staging?.RequiredString("database", $"the staging block of {context}");
        if (staging is null)
        {
            bag.Error(DiagnosticCodes.CdcConfig, $"{context} has a cdc block but no 'staging: database:' to replicate from", source.KeyLocation("cdc"));
        }

        var publication = Name(cdc, "publication", context, bag);
        var slot = Name(cdc, "slot", context, bag);
        var heartbeat = Duration(cdc, "heartbeat_interval", bag) ?? TimeSpan.FromSeconds(10);
        var maxLag = Size(cdc, "max_lag_warning", bag) ?? 1L << 30;
        var batchSize = cdc.Int("batch_size") ?? 20_000;
        if (batchSize < 1)
        {
            bag.Error(DiagnosticCodes.CdcConfig, $"'batch_size' must be at least 1, not {batchSize}", cdc.KeyLocation("batch_size"));
        }

        var tables = ImmutableArray.CreateBuilder<CdcTableSettings>();
        foreach (var tableNode in source.Mappings("tables", "table"))
        {
            var table = new YamlMap(tableNode, source.FilePath, new DiagnosticBag(), "a table", TableKeys);
            var name = table.String("identifier") ?? table.String("name");
            if (name is not null)
            {
                tables.Add(new CdcTableSettings(name, table.StringList("primary_key")));
            }
        }

        if (tables.Count == 0)
        {
            bag.Error(DiagnosticCodes.CdcConfig, $"{context} has a cdc block but no tables to replicate", source.KeyLocation("cdc"));
        }

        if (database is null || publication is null || slot is null)
        {
            return null;
        }

        return new CdcSettings(
            definition.Name,
            database,
            staging!.String("schema") ?? "public",
            publication,
            slot,
            definition.Schema,
            tables.ToImmutable(),
            cdc.Location)
        {
            HeartbeatInterval = heartbeat,
            MaxLagWarningBytes = maxLag,
            BatchSize = Math.Max(1, batchSize),
        };
    }

    private static YamlMappingNode? FindSource(YamlMappingNode root, SourceDefinition source)
    {
        var key = new YamlScalarNode("sources");
        if (!root.Children.TryGetValue(key, out var sources) || sources is not YamlSequenceNode list)
        {
            return null;
        }

        return list.Children.OfType<YamlMappingNode>().FirstOrDefault(n => n.Start.Line == source.Location.Line);
    }

    /// <summary>Slot and publication names: PostgreSQL allows lower-case letters, digits and underscores, 63 at most.</summary>
    private static string? Name(YamlMap cdc, string key, string context, DiagnosticBag bag)
    {
        var value = cdc.RequiredString(key, $"the cdc block of {context}");
        if (value is not null && !SlotName().IsMatch(value))
        {
            bag.Error(DiagnosticCodes.CdcConfig,
                $"'{key}' must be 1 to 63 lower-case letters, digits or underscores (a PostgreSQL replication slot name), not '{value}'",
                cdc.At(cdc.Get(key)!));
            return null;
        }

        return value;
    }

    /// <summary>"10s", "2m", "1h", "500ms", or a number of seconds.</summary>
    private static TimeSpan? Duration(YamlMap cdc, string key, DiagnosticBag bag)
    {
        var text = cdc.String(key);
        if (text is null)
        {
            return null;
        }

        var match = DurationPattern().Match(text.Trim());
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "m" or "min" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromSeconds(n),
            };
        }

        bag.Error(DiagnosticCodes.CdcConfig, $"'{key}' must be a positive duration such as 10s, 500ms, 2m or 1h, not '{text}'", cdc.At(cdc.Get(key)!));
        return null;
    }

    /// <summary>"1 GB", "512MB", "64 kB", or a number of bytes (units are powers of 1024, as PostgreSQL's).</summary>
    private static long? Size(YamlMap cdc, string key, DiagnosticBag bag)
    {
        var text = cdc.String(key);
        if (text is null)
        {
            return null;
        }

        var match = SizePattern().Match(text.Trim());
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var factor = match.Groups[2].Value.ToUpperInvariant() switch
            {
                "KB" => 1L << 10,
                "MB" => 1L << 20,
                "GB" => 1L << 30,
                "TB" => 1L << 40,
                _ => 1L,
            };
            return (long)(n * factor);
        }

        bag.Error(DiagnosticCodes.CdcConfig, $"'{key}' must be a positive size such as 1 GB, 512 MB or 64 kB, not '{text}'", cdc.At(cdc.Get(key)!));
        return null;
    }

    [GeneratedRegex("^[a-z0-9_]{1,63}$")]
    private static partial Regex SlotName();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|min|h)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT][bB]|[bB])?$")]
    private static partial Regex SizePattern();
}
