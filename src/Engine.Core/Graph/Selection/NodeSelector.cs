using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Core.Graph.Selection;

/// <summary>
/// Evaluates <c>--select</c> and <c>--exclude</c> on a graph. Tests follow the nodes they check (dbt's "eager"
/// indirect selection): selecting a model selects its tests, excluding it excludes them.
/// </summary>
/// <param name="state">
/// The comparison with <c>--state DIR</c>, asked for only when a <c>state:</c> selector is used (it compiles the whole
/// project); null when no <c>--state</c> was given.
/// </param>
/// <param name="results">The state's <c>run_results.json</c>, read only when a <c>result:</c> selector is used; null without <c>--state</c>.</param>
public sealed class NodeSelector(ProjectGraph graph, Func<StateChanges>? state = null, Func<PreviousResults>? results = null)
{
    private StateChanges? _state;
    private PreviousResults? _results;

    public ImmutableArray<string> Select(SelectorExpression select, SelectorExpression exclude)
    {
        if (select.IsEmpty && exclude.IsEmpty)
        {
            // Everything, already in ordinal order: no set of every id to build and sort again.
            return graph.Ids;
        }

        var selected = select.IsEmpty ? [.. graph.Ids] : Evaluate(select, withTests: true);
        if (!exclude.IsEmpty)
        {
            selected.ExceptWith(Evaluate(exclude, withTests: true));
        }

        return [.. selected.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// With <paramref name="withTests"/>, each term also takes the tests of the nodes it matched (each part of an
    /// intersection before intersecting), unless the term names a resource_type itself (then the user said exactly
    /// which kinds they want).
    /// </summary>
    public HashSet<string> Evaluate(SelectorExpression expression, bool withTests = false)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var intersection in expression.Union)
        {
            // As dbt does, each part of an intersection takes its nodes' tests before the parts are intersected, so
            // 'orders,test_name:unique' is the unique test of orders rather than nothing.
            var addTests = withTests && !intersection.Any(a => a.Method == "resource_type");
            HashSet<string>? term = null;
            foreach (var atom in intersection)
            {
                var matched = addTests ? WithTests(EvaluateAtom(atom)) : EvaluateAtom(atom);
                if (term is null)
                {
                    term = matched;
                }
                else
                {
                    term.IntersectWith(matched);
                }
            }

            result.UnionWith(term ?? []);
        }

        return result;
    }

    private HashSet<string> EvaluateAtom(SelectorAtom atom)
    {
        Func<GraphNode, bool> matches = atom.Method switch
        {
            "state" => StateMatcher(atom),
            "result" => ResultMatcher(atom),
            _ => n => Matches(atom, n),
        };
        var matched = graph.Nodes.Values.Where(matches).Select(n => n.UniqueId).ToHashSet(StringComparer.Ordinal);
        if (matched.Count == 0 && atom.Method is "name" or "path")
        {
            var candidates = atom.Method == "name"
                ? graph.Nodes.Values.Select(DisplayName).Distinct()
                : graph.Nodes.Values.Select(n => n.RelativePath).Distinct();
            throw new ProjectException(DiagnosticCodes.SelectorNoMatch,
                $"selector '{atom.Text}' matches no node{NameSuggester.DidYouMean(atom.Value, candidates)}");
        }

        var result = new HashSet<string>(matched, StringComparer.Ordinal);
        foreach (var id in matched)
        {
            if (atom.AtOperator)
            {
                var down = graph.Descendants(id);
                result.UnionWith(down);
                foreach (var d in down.Append(id))
                {
                    result.UnionWith(graph.Ancestors(d));
                }
            }

            if (atom.Ancestors)
            {
                result.UnionWith(graph.Ancestors(id, atom.AncestorDepth));
            }

            if (atom.Descendants)
            {
                result.UnionWith(graph.Descendants(id, atom.DescendantDepth));
            }
        }

        return result;
    }

    private Func<GraphNode, bool> StateMatcher(SelectorAtom atom)
    {
        if (state is null)
        {
            throw new ProjectException(DiagnosticCodes.StateRequired,
                $"selector '{atom.Text}' compares with a previous run's artifacts: give them with --state DIR (a directory holding manifest.json)");
        }

        _state ??= state();
        var changes = _state;
        return n => changes.Matches(atom.Value, n.UniqueId);
    }

    private Func<GraphNode, bool> ResultMatcher(SelectorAtom atom)
    {
        if (results is null)
        {
            throw new ProjectException(DiagnosticCodes.StateRequired,
                $"selector '{atom.Text}' reads a previous run's results: give them with --state DIR (a directory holding run_results.json)");
        }

        _results ??= results();
        var previous = _results;
        return n => previous.Matches(atom.Value, n.UniqueId);
    }

    private HashSet<string> WithTests(HashSet<string> nodes)
    {
        var result = new HashSet<string>(nodes, StringComparer.Ordinal);
        foreach (var id in nodes)
        {
            result.UnionWith(graph.Children(id).Where(c => graph[c].Type == ResourceType.Test));
        }

        return result;
    }

    public static string DisplayName(GraphNode node) =>
        node.Type == ResourceType.Source && node.Fqn.Length >= 2 ? $"{node.Fqn[^2]}.{node.Fqn[^1]}" : node.Name;

    private static bool Matches(SelectorAtom atom, GraphNode node) => atom.Method switch
    {
        "name" => Glob(atom.Value, DisplayName(node)) || (node.Type != ResourceType.Source && Glob(atom.Value, string.Join('.', node.Fqn))),
        "tag" => node.Tags.Any(t => Glob(atom.Value, t)),
        "path" => PathMatches(atom.Value, node.RelativePath),
        "resource_type" => ResourceTypes.Name(node.Type) == atom.Value,
        "source" => node.Type == ResourceType.Source && (Glob(atom.Value, DisplayName(node)) || Glob(atom.Value, node.Fqn[^2])),
        "fqn" => Glob(atom.Value, string.Join('.', node.Fqn)) || Glob(atom.Value, node.Name),
        "config.materialized" => node.Materialized == atom.Value,
        "test_name" => node.Type == ResourceType.Test && node.Fqn.Length > 1 && Glob(atom.Value, node.Fqn[1]),
        "test_type" => node.Type == ResourceType.Test && atom.Value switch
        {
            "unit" => node.IsUnitTest,
            "data" => !node.IsUnitTest,
            "generic" => !node.IsUnitTest && node.AttachedTo is not null,
            "singular" => node.AttachedTo is null,
            _ => false,
        },
        "dashboard" or "exposure" => node.Type == ResourceType.Exposure && Glob(atom.Value, node.Name),
        _ => false,
    };

    private static bool PathMatches(string pattern, string path)
    {
        var p = pattern.TrimEnd('/');
        return path == p || path.StartsWith(p + "/", StringComparison.Ordinal) || Glob(p, path);
    }

    private static bool Glob(string pattern, string value)
    {
        if (!pattern.Contains('*') && !pattern.Contains('?'))
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex);
    }
}
