using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>
/// A <c>tests:</c> / <c>data_tests:</c> list: built-in tests and the project's own generic tests are kept (dbt 1.10's
/// <c>arguments:</c> folded into the test's mapping, config keys the engine lacks dropped), and so are dbt_utils'
/// generic tests, which the engine has built in; tests of other packages cannot run here and are dropped with a warning.
/// </summary>
public static class TestListConverter
{
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal) { "unique", "not_null", "accepted_values", "relationships" };

    private static readonly HashSet<string> ConfigKeys = new(StringComparer.Ordinal)
    {
        "severity", "where", "limit", "warn_if", "error_if", "store_failures", "enabled", "tags",
    };

    public static List<object?> Convert(YamlNode node, string file, ImportContext context)
    {
        var result = new List<object?>();
        if (node is not YamlSequenceNode sequence)
        {
            context.Dropped("'tests' is not a list", file, node);
            return result;
        }

        foreach (var item in sequence.Children)
        {
            var (name, body) = item switch
            {
                YamlScalarNode s => (s.Value ?? string.Empty, (YamlMappingNode?)null),
                YamlMappingNode { Children.Count: 1 } m => (YamlValues.Text(m.Children[0].Key) ?? string.Empty, m.Children[0].Value as YamlMappingNode),
                _ => (string.Empty, null),
            };
            // dbt_utils' generic tests are built into the engine, so a project using them keeps them.
            var dbtUtils = name.StartsWith(DbtUtilsTests.Namespace + ".", StringComparison.Ordinal) && DbtUtilsTests.All.ContainsKey(name[(DbtUtilsTests.Namespace.Length + 1)..]);
            if (!dbtUtils && !BuiltIn.Contains(name) && !context.GenericTests.Contains(name))
            {
                context.Dropped($"test '{name}' is neither built in nor one of the project's generic tests (packages are not imported); dropped", file, item);
                continue;
            }

            result.Add(body is null ? name : new Dictionary<string, object?> { [name] = Body(name, body, file, context) });
        }

        return result;
    }

    private static Dictionary<string, object?> Body(string test, YamlMappingNode body, string file, ImportContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in YamlValues.Entries(body))
        {
            switch (key)
            {
                case "arguments" when value is YamlMappingNode arguments:
                    foreach (var (argument, _, argumentValue) in YamlValues.Entries(arguments))
                    {
                        result[argument] = YamlValues.Plain(argumentValue);
                    }

                    break;
                case "config" when value is YamlMappingNode config:
                    var kept = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (configKey, configKeyNode, configValue) in YamlValues.Entries(config))
                    {
                        if (ConfigKeys.Contains(configKey))
                        {
                            kept[configKey] = YamlValues.Plain(configValue);
                        }
                        else
                        {
                            context.Dropped($"test config '{configKey}' of '{test}' has no counterpart; dropped", file, configKeyNode);
                        }
                    }

                    if (kept.Count > 0)
                    {
                        result["config"] = kept;
                    }

                    break;
                case "description" or "meta":
                    break;
                default:
                    result[key] = YamlValues.Plain(value);
                    break;
            }
        }

        return result;
    }
}
