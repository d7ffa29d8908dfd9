using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Sessions;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// <c>--defer</c>, as dbt defines it: a ref to a parent that is not selected resolves to the relation the state's
/// manifest records for it when the target does not hold that parent (with <c>--favor-state</c>, even when it does).
/// Selected nodes, ephemeral models (inlined, so their own parents are looked at instead) and sources are never deferred.
/// </summary>
public static class Deferral
{
    /// <summary>The unselected parents refs may defer: read by the selected nodes directly or through ephemeral models.</summary>
    public static ImmutableArray<GraphNode> Candidates(ProjectGraph graph, IReadOnlyCollection<string> selected)
    {
        var chosen = selected.ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = ImmutableArray.CreateBuilder<GraphNode>();
        var pending = new Stack<string>(selected.SelectMany(id => graph.Parents(id)));
        while (pending.TryPop(out var id))
        {
            if (chosen.Contains(id) || !seen.Add(id) || !graph.Nodes.TryGetValue(id, out var node)
                || node.Type is not (ResourceType.Model or ResourceType.Seed or ResourceType.Snapshot))
            {
                continue;
            }

            if (node.IsEphemeral)
            {
                foreach (var parent in graph.Parents(id))
                {
                    pending.Push(parent);
                }
            }
            else if (node.Relation is not null)
            {
                found.Add(node);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// The relations refs resolve to instead of the target's, by unique id; empty without <c>--defer</c>.
    /// </summary>
    /// <param name="existsInTarget">Whether the target holds a relation; null when nothing was asked of the warehouse (compile), which defers every candidate the state knows.</param>
    /// <exception cref="ProjectException">ENG1303 without <c>--state</c>; ENG1304 when its manifest cannot be read.</exception>
    public static ImmutableDictionary<string, Relation> Plan(SessionOptions options, IReadOnlyCollection<GraphNode> candidates, Func<Relation, bool>? existsInTarget)
    {
        var empty = ImmutableDictionary<string, Relation>.Empty.WithComparers(StringComparer.Ordinal);
        if (!options.Defer)
        {
            return empty;
        }

        if (options.StateDirectory is not { } state)
        {
            throw new ProjectException(DiagnosticCodes.StateRequired,
                "--defer resolves refs to another environment's relations: give that environment's artifacts with --state DIR (a directory holding manifest.json)");
        }

        var nodes = StateManifest.Read(Path.GetFullPath(state))?["nodes"]?.AsObject();
        var deferred = empty.ToBuilder();
        foreach (var node in candidates)
        {
            if (nodes?[node.UniqueId] is not { } entry || StateManifest.Text(entry["schema"]) is not { } schema
                || StateManifest.Text(entry["alias"]) is not { } alias
                || StateManifest.Text(entry["config"]?["materialized"]) == Engine.Core.Project.Materializations.Ephemeral
                || (!options.FavorState && existsInTarget?.Invoke(node.Relation!) == true))
            {
                continue;
            }

            deferred[node.UniqueId] = new Relation(StateManifest.Text(entry["database"]), schema, alias);
        }

        return deferred.ToImmutable();
    }
}
