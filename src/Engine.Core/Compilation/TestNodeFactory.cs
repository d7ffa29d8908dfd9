using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>Turns the generic tests declared in YAML into test nodes, named as dbt names them.</summary>
public static partial class TestNodeFactory
{
    [GeneratedRegex(@"^\s*(?<fn>ref|source)\s*\(\s*(?<args>.*?)\s*\)\s*$")]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"['""]([^'""]*)['""]")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"[^A-Za-z0-9_]+")]
    private static partial Regex UnsafeChars();

    public static IEnumerable<ParsedNode> Create(ProjectDefinition project, IReadOnlyList<ParsedNode> parsed, DiagnosticBag bag)
    {
        // Same-named models share an id; DependencyLinker reports them (ENG1204), so do not fail here first.
        // The first of each id and of each name, in dictionaries sized up front (grown by doubling, 10,000 entries leave
        // chains of arrays on the large object heap).
        var byId = new Dictionary<string, ParsedNode>(parsed.Count, StringComparer.Ordinal);
        foreach (var node in parsed)
        {
            byId.TryAdd(node.Node.UniqueId, node);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ParsedNode>();

        var modelColumns = new Dictionary<string, ImmutableArray<ColumnDefinition>>(project.Models.Length, StringComparer.Ordinal);
        foreach (var model in project.Models)
        {
            modelColumns.TryAdd(model.Name, model.Columns);
        }

        void AddAll(string attachedId, string attachedName, IEnumerable<GenericTestDefinition> tests, ImmutableArray<ColumnDefinition> columns)
        {
            if (!byId.TryGetValue(attachedId, out var attached))
            {
                return; // disabled, or failed to parse (already reported)
            }

            foreach (var test in tests.Where(t => t.Config.Enabled))
            {
                if (!TestColumnChecker.Check(test, attached.Node.Name, columns, modelColumns, bag))
                {
                    continue;
                }

                if (Create(project, attached.Node, attachedName, test, names, bag) is { } node)
                {
                    result.Add(node);
                }
            }
        }

        foreach (var model in project.Models)
        {
            AddAll(NodeIds.For(model.Type, project.Name, model.Name), model.Name, model.Tests.Concat(model.Columns.SelectMany(c => c.Tests)), model.Columns);
        }

        foreach (var seed in project.Seeds)
        {
            AddAll(NodeIds.For(ResourceType.Seed, project.Name, seed.Name), seed.Name, seed.Tests.Concat(seed.Columns.SelectMany(c => c.Tests)), seed.Columns);
        }

        foreach (var source in project.Sources)
        {
            foreach (var table in source.Tables)
            {
                AddAll(NodeIds.Source(project.Name, source.Name, table.Name), $"source_{source.Name}_{table.Name}", table.Tests.Concat(table.Columns.SelectMany(c => c.Tests)), table.Columns);
            }
        }

        return result;
    }

    private static ParsedNode? Create(
        ProjectDefinition project, GraphNode attached, string attachedName, GenericTestDefinition test, HashSet<string> names, DiagnosticBag bag)
    {
        var refs = ImmutableArray<RefCall>.Empty;
        var sources = ImmutableArray<SourceCall>.Empty;
        var relationArgument = test.TestName == "relationships" ? "to" : test.DbtUtilsTest is { } utils ? DbtUtilsTests.RelationArgument(utils) : null;
        if (relationArgument is not null && test.Arguments.TryGetValue(relationArgument, out var to))
        {
            var call = CallPattern().Match(YamlPlain.Describe(to));
            var args = call.Success ? QuotedPattern().Matches(call.Groups["args"].Value).Select(m => m.Groups[1].Value).ToArray() : [];
            if (call.Success && call.Groups["fn"].Value == "ref" && args.Length is 1 or 2)
            {
                refs = [new RefCall(args.Length == 2 ? args[0] : null, args[^1], test.Location)];
            }
            else if (call.Success && call.Groups["fn"].Value == "source" && args.Length == 2)
            {
                sources = [new SourceCall(args[0], args[1], test.Location)];
            }
            else
            {
                bag.Error(DiagnosticCodes.InvalidValue, $"{test.TestName} '{relationArgument}' must be ref('model') or source('source', 'table'), not '{YamlPlain.Describe(to)}'", test.Location);
                return null;
            }
        }

        var name = Name(test, attachedName, names, $"{project.RelativePath(test.Location.FilePath)}({test.Location.Line},{test.Location.Column})");
        var node = new GraphNode(NodeIds.For(ResourceType.Test, project.Name, name), name, ResourceType.Test, project.RelativePath(test.Location.FilePath), test.Location)
        {
            Fqn = [project.Name, test.TestName, name],
            Tags = attached.Tags.AddRange(test.Config.Tags).Distinct().ToImmutableArray(),
            TestConfig = test.Config,
            AttachedTo = attached.UniqueId,
            ColumnName = test.ColumnName,
        };
        return new ParsedNode(node) { GenericTest = test, TestedNodeId = attached.UniqueId, Refs = refs, Sources = sources };
    }

    private static string Name(GenericTestDefinition test, string attachedName, HashSet<string> taken, string declaredAt)
    {
        var name = test.ExplicitName ?? string.Join('_', new[] { test.TestName.Replace('.', '_'), attachedName, test.ColumnName }.Where(p => p is not null));
        if (test.ExplicitName is null && test.Arguments.Count > 0)
        {
            var args = string.Join("__", test.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => Flatten(a.Value)));
            name = $"{name}__{UnsafeChars().Replace(args, "_").Trim('_')}";
        }

        if (name.Length > 100)
        {
            // As dbt: a long name is cut and suffixed with a hash of the whole name, so the test keeps its id (and its
            // approved snapshot) when lines move in its YAML file.
            name = Shorten(name, name);
        }

        if (!taken.Add(name))
        {
            // The same test declared twice: told apart by where each is declared inside the project, never the
            // checkout's absolute path, so ids do not depend on where the repository is cloned.
            name = Shorten(name, name + declaredAt);
            taken.Add(name);
        }

        return name;
    }

    private static string Shorten(string name, string hashed) =>
        $"{name[..Math.Min(name.Length, 80)]}_{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(hashed)))[..10]}";

    private static string Flatten(object? value) => value switch
    {
        IEnumerable<object?> items when value is not string => string.Join("__", items.Select(Flatten)),
        _ => YamlPlain.Describe(value),
    };

}
