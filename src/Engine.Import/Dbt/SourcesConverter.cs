using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>
/// Collects the <c>sources:</c> of every properties file into the one sources.yml the engine reads. A source without a
/// schema gets its name as schema, as dbt does.
/// </summary>
public sealed class SourcesConverter(ImportContext context)
{
    private static readonly HashSet<string> SourceKeys = new(StringComparer.Ordinal) { "name", "database", "schema", "loaded_at_field", "loader", "meta" };
    private static readonly HashSet<string> TableKeys = new(StringComparer.Ordinal) { "name", "identifier", "loaded_at_field", "meta" };

    public List<object?> Sources { get; } = [];

    public void Add(YamlNode node, string file)
    {
        if (node is not YamlSequenceNode sources)
        {
            context.Dropped("'sources' is not a list", file, node);
            return;
        }

        foreach (var source in sources.Children.OfType<YamlMappingNode>())
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, keyNode, value) in YamlValues.Entries(source))
            {
                if (SourceKeys.Contains(key))
                {
                    result[key] = YamlValues.Plain(value);
                }
                else if (key == "description")
                {
                    result[key] = Descriptions.Resolve(value, file, context);
                }
                else if (key == "freshness")
                {
                    Freshness(value, result);
                }
                else if (key == "tables" && value is YamlSequenceNode tables)
                {
                    result[key] = tables.Children.OfType<YamlMappingNode>().Select(t => Table(t, file)).ToList();
                }
                else
                {
                    context.Dropped($"source key '{key}' has no counterpart in the engine; dropped", file, keyNode);
                }
            }

            if (!result.ContainsKey("schema") && result.TryGetValue("name", out var name))
            {
                result["schema"] = name;
            }

            Sources.Add(result);
        }
    }

    private Dictionary<string, object?> Table(YamlMappingNode table, string file)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(table))
        {
            if (TableKeys.Contains(key))
            {
                result[key] = YamlValues.Plain(value);
            }
            else if (key == "description")
            {
                result[key] = Descriptions.Resolve(value, file, context);
            }
            else if (key == "freshness")
            {
                Freshness(value, result);
            }
            else if (key == "columns" && value is YamlSequenceNode columns)
            {
                result[key] = columns.Children.OfType<YamlMappingNode>().Select(c => PropertiesFileConverter.Column(c, file, context)).ToList();
            }
            else if (key is "tests" or "data_tests")
            {
                result["tests"] = TestListConverter.Convert(value, file, context);
            }
            else
            {
                context.Dropped($"source table key '{key}' has no counterpart in the engine; dropped", file, keyNode);
            }
        }

        return result;
    }

    /// <summary>dbt writes <c>freshness: null</c> to turn an inherited freshness off; the engine has no such value.</summary>
    private static void Freshness(YamlNode value, Dictionary<string, object?> into)
    {
        if (YamlValues.Plain(value) is { } freshness)
        {
            into["freshness"] = freshness;
        }
    }
}
