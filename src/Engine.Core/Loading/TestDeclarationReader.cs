using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>
/// Reads a <c>tests:</c> (or <c>data_tests:</c>) list: each item is a test name, or a one-key mapping from
/// the test name to its arguments and config (<c>severity</c>, <c>where</c>, ... directly or under <c>config:</c>).
/// </summary>
public static class TestDeclarationReader
{
    private static readonly string[] ConfigKeys = ["severity", "where", "limit", "warn_if", "error_if", "store_failures", "enabled", "tags", "incremental_scope"];

    private static readonly Dictionary<string, string[]> BuiltInArguments = new(StringComparer.Ordinal)
    {
        ["unique"] = [],
        ["not_null"] = [],
        ["accepted_values"] = ["values", "quote"],
        ["relationships"] = ["to", "field"],
    };

    public static IReadOnlyCollection<string> BuiltInTests => BuiltInArguments.Keys;

    public static ImmutableArray<GenericTestDefinition> Read(
        YamlMap owner, string? columnName, IReadOnlySet<string> customTests, DiagnosticBag bag)
    {
        var key = owner.Has("data_tests") ? "data_tests" : "tests";
        var node = owner.Get(key);
        if (node is null || (node is YamlScalarNode s && YamlPlain.Scalar(s) is null))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            bag.Error(DiagnosticCodes.InvalidValue, $"'{key}' must be a list of tests", owner.At(node));
            return [];
        }

        var result = ImmutableArray.CreateBuilder<GenericTestDefinition>();
        foreach (var item in sequence.Children)
        {
            if (ReadOne(item, owner, columnName, customTests, bag) is { } test)
            {
                result.Add(test);
            }
        }

        return result.ToImmutable();
    }

    private static GenericTestDefinition? ReadOne(YamlNode item, YamlMap owner, string? columnName, IReadOnlySet<string> customTests, DiagnosticBag bag)
    {
        var location = owner.At(item);
        string testName;
        YamlMappingNode? body = null;
        switch (item)
        {
            case YamlScalarNode { Value: { Length: > 0 } name }:
                testName = name;
                break;
            case YamlMappingNode { Children.Count: 1 } one when one.Children[0].Key is YamlScalarNode { Value: { } name }:
                testName = name;
                body = one.Children[0].Value as YamlMappingNode;
                if (body is null && !(one.Children[0].Value is YamlScalarNode v && YamlPlain.Scalar(v) is null))
                {
                    bag.Error(DiagnosticCodes.InvalidValue, $"the arguments of test '{name}' must be a mapping", owner.At(one.Children[0].Value));
                    return null;
                }

                break;
            default:
                bag.Error(DiagnosticCodes.InvalidValue, "a test is a name or a mapping from one test name to its arguments", location);
                return null;
        }

        var utils = DbtUtilsTests.Resolve(testName, customTests);
        var signature = utils is null ? null : DbtUtilsTests.All[utils];
        var known = BuiltInArguments.TryGetValue(testName, out var args) ? args
            : signature is not null ? [.. signature.Required, .. signature.Optional, .. signature.NeedsColumn ? ["column_name"] : Array.Empty<string>()]
            : null;
        if (known is null && !customTests.Contains(testName))
        {
            var all = BuiltInArguments.Keys.Concat(DbtUtilsTests.All.Keys.Select(k => $"{DbtUtilsTests.Namespace}.{k}")).Concat(customTests).ToList();
            bag.Error(DiagnosticCodes.UnknownKey,
                $"unknown test '{testName}'; built-in tests are {string.Join(", ", BuiltInArguments.Keys)} and dbt_utils' {string.Join(", ", DbtUtilsTests.All.Keys)}, custom ones live in tests/generic/{NameSuggester.DidYouMean(testName, all)}",
                location);
            return null;
        }

        var arguments = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        var config = TestConfig.Default;
        string? explicitName = null;
        if (body is not null)
        {
            string[] allowed = known is null
                ? [.. body.Children.Select(c => ((YamlScalarNode)c.Key).Value ?? string.Empty)]
                : [.. known, .. ConfigKeys, "config", "name", "arguments"];
            var map = new YamlMap(body, owner.FilePath, bag, $"test '{testName}'", allowed);
            explicitName = map.String("name");
            config = ReadConfig(map, config, bag);
            if (map.Map("config", $"config of test '{testName}'", ConfigKeys) is { } nested)
            {
                config = ReadConfig(nested, config, bag);
            }

            foreach (var name in map.Keys.Where(k => !ConfigKeys.Contains(k) && k is not "config" and not "name" and not "arguments"))
            {
                arguments[name] = map.Plain(name);
            }

            // dbt 1.10 moves a test's arguments under 'arguments:', beside 'config:'.
            if (map.MappingNode("arguments") is { } argumentsNode)
            {
                var nestedArguments = new YamlMap(argumentsNode, owner.FilePath, bag, $"arguments of test '{testName}'",
                    known is null ? [.. argumentsNode.Children.Select(c => ((YamlScalarNode)c.Key).Value ?? string.Empty)] : known);
                foreach (var name in nestedArguments.Keys)
                {
                    arguments[name] = nestedArguments.Plain(name);
                }
            }

            if (testName == "accepted_values" && !arguments.ContainsKey("values"))
            {
                bag.Error(DiagnosticCodes.MissingKey, "test 'accepted_values' needs 'values'", location);
            }

            if (testName == "relationships" && (!arguments.ContainsKey("to") || !arguments.ContainsKey("field")))
            {
                bag.Error(DiagnosticCodes.MissingKey, "test 'relationships' needs 'to' (a ref or source) and 'field'", location);
            }
        }
        else if (testName is "accepted_values" or "relationships")
        {
            bag.Error(DiagnosticCodes.MissingKey, $"test '{testName}' needs arguments", location);
        }

        if (signature?.Required.FirstOrDefault(r => !arguments.ContainsKey(r)) is { } missing)
        {
            bag.Error(DiagnosticCodes.MissingKey, $"test '{testName}' needs '{missing}' (its arguments are {string.Join(", ", signature.Required.Concat(signature.Optional))})", location);
        }

        var needsColumn = testName is "unique" or "not_null" or "accepted_values" or "relationships" || signature?.NeedsColumn == true;
        if (columnName is null && needsColumn && !arguments.ContainsKey("column_name"))
        {
            bag.Error(DiagnosticCodes.MissingKey, $"test '{testName}' on a model needs a column: declare it under 'columns:'", location);
        }

        return new GenericTestDefinition(testName, columnName, arguments.ToImmutable(), config, location) { ExplicitName = explicitName, DbtUtilsTest = utils };
    }

    private static TestConfig ReadConfig(YamlMap map, TestConfig config, DiagnosticBag bag) => config with
    {
        Severity = map.OneOf("severity", ["warn", "error"]) ?? config.Severity,
        Where = map.String("where") ?? config.Where,
        Limit = map.Int("limit") ?? config.Limit,
        WarnIf = map.String("warn_if") ?? config.WarnIf,
        ErrorIf = map.String("error_if") ?? config.ErrorIf,
        StoreFailures = map.Bool("store_failures") ?? config.StoreFailures,
        IncrementalScope = map.OneOf("incremental_scope", ["new_rows", "all"]) ?? config.IncrementalScope,
        Enabled = map.Bool("enabled") ?? config.Enabled,
        Tags = map.Has("tags") ? map.StringList("tags") : config.Tags,
    };
}
