using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>
/// A dbt properties file (models/**/*.yml, seeds, snapshots): <c>models:</c>, <c>seeds:</c> and <c>snapshots:</c> entries
/// with the keys the engine reads; <c>sources:</c> are handed to <see cref="SourcesConverter"/> (the engine keeps every
/// source in sources.yml); exposures, metrics, semantic models, unit tests and the rest are reported and dropped.
/// </summary>
public static class PropertiesFileConverter
{
    private static readonly string[] Sections = ["models", "seeds", "snapshots"];

    private static readonly HashSet<string> ColumnKeys = new(StringComparer.Ordinal) { "name", "data_type", "meta", "quote" };

    public static Dictionary<string, object?>? Convert(YamlMappingNode root, string file, ImportContext context, SourcesConverter sources)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["version"] = 2L };
        foreach (var (key, keyNode, value) in YamlValues.Entries(root))
        {
            if (key == "version")
            {
                continue;
            }

            if (key == "sources")
            {
                sources.Add(value, file);
            }
            else if (Sections.Contains(key) && value is YamlSequenceNode entries)
            {
                result[key] = entries.Children.OfType<YamlMappingNode>().Select(e => Entry(e, key, file, context)).ToList();
            }
            else
            {
                context.Dropped($"'{key}:' has no counterpart in the engine; dropped", file, keyNode);
            }
        }

        return result.Count > 1 ? result : null;
    }

    private static Dictionary<string, object?> Entry(YamlMappingNode entry, string section, string file, ImportContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(entry))
        {
            switch (key)
            {
                case "name" or "meta":
                    result[key] = YamlValues.Plain(value);
                    break;
                case "description":
                    result[key] = Descriptions.Resolve(value, file, context);
                    break;
                case "config" when value is YamlMappingNode config:
                    result[key] = Config(config, file, context);
                    break;
                case "columns" when value is YamlSequenceNode columns:
                    result[key] = columns.Children.OfType<YamlMappingNode>().Select(c => Column(c, file, context)).ToList();
                    break;
                case "tests" or "data_tests":
                    result["tests"] = TestListConverter.Convert(value, file, context);
                    break;
                case "docs":
                    break;
                default:
                    context.Dropped($"'{key}' of a {section[..^1]} has no counterpart in the engine; dropped", file, keyNode);
                    break;
            }
        }

        return result;
    }

    public static Dictionary<string, object?> Config(YamlMappingNode config, string file, ImportContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(config))
        {
            var plain = YamlValues.Plain(value);
            var mapping = context.ConfigKeys.Map(key, plain is Dictionary<string, object?> ? null : plain);
            if (mapping.Key is null)
            {
                context.Dropped(mapping.Reason! + "; dropped", file, keyNode);
                continue;
            }

            var converted = mapping.Rewritten ? mapping.Value : plain;
            result[mapping.Key] = mapping.Key is "pre_hook" or "post_hook" ? context.ConvertHooks(converted, file, value) : converted;
        }

        return result;
    }

    public static Dictionary<string, object?> Column(YamlMappingNode column, string file, ImportContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(column))
        {
            if (ColumnKeys.Contains(key))
            {
                result[key] = YamlValues.Plain(value);
            }
            else if (key == "description")
            {
                result[key] = Descriptions.Resolve(value, file, context);
            }
            else if (key is "tests" or "data_tests")
            {
                result["tests"] = TestListConverter.Convert(value, file, context);
            }
            else
            {
                context.Dropped($"column key '{key}' has no counterpart in the engine; dropped", file, keyNode);
            }
        }

        return result;
    }
}
