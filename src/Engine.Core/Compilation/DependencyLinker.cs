using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>Resolves the recorded ref/source calls into DAG edges; reports unknown, duplicate, disabled and cyclic references.</summary>
public static class DependencyLinker
{
    /// <param name="failed">Models whose template failed to parse or render (already reported): refs to them are not
    /// reported again as "not found", which would point at the wrong file for one root cause.</param>
    public static List<ParsedNode> Link(
        ProjectDefinition project, IReadOnlyList<ParsedNode> nodes, IReadOnlyDictionary<string, ModelDefinition> disabled, DiagnosticBag bag,
        IReadOnlySet<string>? failed = null)
    {
        var refable = IndexRefable(nodes, bag);
        // Two files with the same name make the same unique id. IndexRefable has reported that; keep the first
        // (by path, as it does) so the graph can still be built and every other problem reported too.
        nodes = FirstOfEachId(nodes);
        var sources = nodes.Where(n => n.Node.Type == ResourceType.Source)
            .ToDictionary(n => (n.Node.Fqn[^2], n.Node.Fqn[^1]), n => n.Node.UniqueId);

        var linked = new List<ParsedNode>(nodes.Count);
        foreach (var parsed in nodes)
        {
            var deps = new List<string>();
            if (parsed.TestedNodeId is { } tested)
            {
                deps.Add(tested);
            }

            foreach (var call in parsed.Refs)
            {
                if (refable.TryGetValue(call.Name, out var target))
                {
                    deps.Add(target.UniqueId);
                }
                else if (disabled.TryGetValue(call.Name, out var off))
                {
                    bag.Error(DiagnosticCodes.DisabledRef,
                        $"'{parsed.Node.Name}' refs '{call.Name}', which is disabled (enabled: false) in {project.RelativePath(off.FilePath)}; enable it or remove the ref",
                        call.Location);
                }
                else if (failed?.Contains(call.Name) != true)
                {
                    bag.Error(DiagnosticCodes.UnknownRef, $"ref('{call.Name}') not found{NameSuggester.DidYouMean(call.Name, refable.Keys)}", call.Location);
                }
            }

            foreach (var call in parsed.Sources)
            {
                if (sources.TryGetValue((call.SourceName, call.TableName), out var id))
                {
                    deps.Add(id);
                    continue;
                }

                if (project.SourcesUnreadable)
                {
                    continue;
                }

                var sameSource = sources.Keys.Where(k => k.Item1 == call.SourceName).Select(k => k.Item2).ToList();
                var hint = sameSource.Count > 0
                    ? $"; source '{call.SourceName}' has no table '{call.TableName}'{NameSuggester.DidYouMean(call.TableName, sameSource)}"
                    : NameSuggester.DidYouMean($"{call.SourceName}.{call.TableName}", sources.Keys.Select(k => $"{k.Item1}.{k.Item2}"));
                bag.Error(DiagnosticCodes.UnknownSource, $"source('{call.SourceName}', '{call.TableName}') not found{hint}", call.Location);
            }

            linked.Add(parsed with { Node = parsed.Node with { DependsOn = [.. deps.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] } });
        }

        ReportCycles(project, linked, bag);
        return linked;
    }

    /// <summary>
    /// The nodes by path with the first of each unique id, into collections sized up front: grown by doubling, sets of
    /// 13,000 ids leave chains of arrays on the large object heap, whose budget sets off full garbage collections.
    /// </summary>
    private static List<ParsedNode> FirstOfEachId(IReadOnlyList<ParsedNode> nodes)
    {
        var seen = new HashSet<string>(nodes.Count, StringComparer.Ordinal);
        var kept = new List<ParsedNode>(nodes.Count);
        foreach (var node in nodes.OrderBy(n => n.Node.FilePath, StringComparer.Ordinal))
        {
            if (seen.Add(node.Node.UniqueId))
            {
                kept.Add(node);
            }
        }

        return kept;
    }

    private static Dictionary<string, GraphNode> IndexRefable(IReadOnlyList<ParsedNode> nodes, DiagnosticBag bag)
    {
        var index = new Dictionary<string, GraphNode>(nodes.Count, StringComparer.Ordinal);
        foreach (var node in nodes.Select(n => n.Node)
            .Where(n => n.Type is ResourceType.Model or ResourceType.Snapshot or ResourceType.Seed)
            .OrderBy(n => n.FilePath, StringComparer.Ordinal))
        {
            if (!index.TryAdd(node.Name, node))
            {
                var first = index[node.Name];
                bag.Error(DiagnosticCodes.DuplicateName,
                    $"two resources are named '{node.Name}': {first.RelativePath} and {node.RelativePath}; names must be unique across models, snapshots and seeds",
                    node.Location);
            }
        }

        return index;
    }

    private static void ReportCycles(ProjectDefinition project, List<ParsedNode> nodes, DiagnosticBag bag)
    {
        var parents = nodes.ToDictionary(n => n.Node.UniqueId, n => n.Node.DependsOn, StringComparer.Ordinal);
        var cycles = CycleFinder.Find(parents);
        if (cycles.IsEmpty)
        {
            return;
        }

        var byId = nodes.ToDictionary(n => n.Node.UniqueId, n => n.Node, StringComparer.Ordinal);
        var refsById = nodes.ToDictionary(n => n.Node.UniqueId, n => n.Refs, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cycle in cycles)
        {
            // The same cycle is found from each of its members; report it once.
            var key = string.Join("|", cycle.Skip(1).Order(StringComparer.Ordinal));
            if (!seen.Add(key))
            {
                continue;
            }

            var path = string.Join(" -> ", cycle.Select(id => $"{byId[id].Name} ({project.RelativePath(byId[id].FilePath)})"));
            var closing = refsById[cycle[0]].FirstOrDefault(r => r.Name == byId[cycle[1]].Name);
            bag.Error(DiagnosticCodes.Cycle, $"dependency cycle (each refs the next): {path}", closing?.Location ?? byId[cycle[0]].Location);
        }
    }

}
