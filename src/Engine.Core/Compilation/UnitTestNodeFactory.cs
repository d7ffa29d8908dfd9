using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>
/// Turns <c>unit_tests:</c> entries into test nodes that depend on the model they test, with dbt's id
/// (<c>unit_test.project.model.name</c>). Their inputs are checked here: each is a ref or source call the model makes.
/// </summary>
public static partial class UnitTestNodeFactory
{
    [GeneratedRegex(@"^\s*(?<fn>ref|source)\s*\(\s*(?<args>.*?)\s*\)\s*$")]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"['""]([^'""]*)['""]")]
    private static partial Regex QuotedPattern();

    public static IEnumerable<ParsedNode> Create(ProjectDefinition project, IReadOnlyList<ParsedNode> parsed, DiagnosticBag bag)
    {
        if (project.UnitTests.IsEmpty)
        {
            // Nothing to index the models for: on 10,000 models the index alone was 1 MB on the large object heap.
            yield break;
        }

        var models = parsed.Where(p => p.Node.Type == ResourceType.Model).DistinctBy(p => p.Node.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Node.Name, StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in project.UnitTests.Where(t => t.Enabled))
        {
            if (!models.TryGetValue(test.Model, out var model))
            {
                bag.Error(DiagnosticCodes.UnknownRef, $"unit test '{test.Name}' is for model '{test.Model}', which does not exist{NameSuggester.DidYouMean(test.Model, models.Keys)}", test.Location);
                continue;
            }

            if (!names.Add($"{test.Model}.{test.Name}"))
            {
                bag.Error(DiagnosticCodes.DuplicateDefinition, $"model '{test.Model}' has two unit tests named '{test.Name}'", test.Location);
                continue;
            }

            var inputs = ImmutableDictionary.CreateBuilder<string, UnitTestInput>(StringComparer.Ordinal);
            foreach (var input in test.Given)
            {
                if (Key(input.Input) is not { } key)
                {
                    bag.Error(DiagnosticCodes.InvalidValue, $"unit test '{test.Name}': an input is ref('model') or source('source', 'table'), not '{input.Input}'", input.Location);
                }
                else if (!model.Refs.Select(r => RefKey(r.Name)).Concat(model.Sources.Select(s => SourceKey(s.SourceName, s.TableName))).Contains(key))
                {
                    bag.Error(DiagnosticCodes.InvalidValue, $"unit test '{test.Name}': model '{test.Model}' does not read {input.Input}", input.Location);
                }
                else
                {
                    inputs[key] = input;
                }
            }

            var node = new GraphNode($"unit_test.{project.Name}.{test.Model}.{test.Name}", test.Name, ResourceType.Test, project.RelativePath(test.Location.FilePath), test.Location)
            {
                Fqn = [project.Name, test.Model, test.Name],
                Tags = test.Tags,
                Description = test.Description,
                TestConfig = TestConfig.Default,
                AttachedTo = model.Node.UniqueId,
            };
            yield return new ParsedNode(node) { UnitTest = test, UnitTestInputs = inputs.ToImmutable(), TestedNodeId = model.Node.UniqueId };
        }
    }

    public static string RefKey(string model) => $"ref:{model}";

    public static string SourceKey(string source, string table) => $"source:{source}.{table}";

    private static string? Key(string call)
    {
        var match = CallPattern().Match(call);
        var args = match.Success ? QuotedPattern().Matches(match.Groups["args"].Value).Select(m => m.Groups[1].Value).ToArray() : [];
        return (match.Groups["fn"].Value, args.Length) switch
        {
            ("ref", 1 or 2) => RefKey(args[^1]),
            ("source", 2) => SourceKey(args[0], args[1]),
            _ => null,
        };
    }
}
