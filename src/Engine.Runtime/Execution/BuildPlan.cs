using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Execution;

/// <summary>
/// The units a build executes and what each waits for. Ephemeral models are not units: their consumers wait
/// for whatever the ephemeral model reads. A test sits between the node it checks and that node's children,
/// as dbt's test edges do, so an error-severity failure keeps bad data from flowing on.
/// </summary>
public sealed class BuildPlan
{
    private BuildPlan(ImmutableArray<BuildUnit> units) => Units = units;

    public ImmutableArray<BuildUnit> Units { get; }

    public static BuildPlan Create(CompiledProject compiled, IReadOnlyCollection<string> selected, BuildOptions options)
    {
        var graph = compiled.Parsed.Graph;
        var order = graph.TopologicalOrder();
        var position = order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var wanted = selected.ToHashSet(StringComparer.Ordinal);
        var units = new Dictionary<string, BuildUnit>(StringComparer.Ordinal);
        foreach (var id in order.Where(wanted.Contains))
        {
            var node = graph[id];
            if (node.Type == ResourceType.Source || node.IsEphemeral || !options.ResourceTypes.Contains(node.Type))
            {
                continue;
            }

            units[id] = new BuildUnit(compiledById.GetValueOrDefault(id), node, position[id]);
        }

        foreach (var unit in units.Values)
        {
            // A unit test runs before its model, as in dbt's build: it waits for the model's parents (whose column
            // types its inputs take) and a failure keeps the model from being built.
            var parentsOf = unit.Node.IsUnitTest ? graph[unit.Node.AttachedTo!] : unit.Node;
            foreach (var parent in UnitParents(graph, parentsOf, units))
            {
                Link(parent, unit);
            }

            if (unit.Node.IsUnitTest && units.TryGetValue(unit.Node.AttachedTo!, out var model))
            {
                Link(unit, model);
            }
        }

        foreach (var test in units.Values.Where(u => u.Node.Type == ResourceType.Test && !u.Node.IsUnitTest).ToList())
        {
            // The most downstream parent: blocking its children cannot create a cycle.
            var attached = test.Node.DependsOn.Where(position.ContainsKey).OrderByDescending(p => position[p]).FirstOrDefault();
            if (attached is null || !units.TryGetValue(attached, out var attachedUnit))
            {
                continue;
            }

            foreach (var child in attachedUnit.Downstream.Where(c => c != test && c.Node.Type != ResourceType.Test).ToList())
            {
                Link(test, child);
            }
        }

        return new BuildPlan([.. units.Values.OrderBy(u => u.Order)]);
    }

    private static void Link(BuildUnit upstream, BuildUnit downstream)
    {
        downstream.Upstream.Add(upstream);
        upstream.Downstream.Add(downstream);
    }

    /// <summary>The nearest units among the node's ancestors, looking through ephemeral models.</summary>
    private static IEnumerable<BuildUnit> UnitParents(ProjectGraph graph, GraphNode node, Dictionary<string, BuildUnit> units)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(node.DependsOn);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id) || !graph.Nodes.TryGetValue(id, out var parent))
            {
                continue;
            }

            if (units.TryGetValue(id, out var unit))
            {
                yield return unit;
            }
            else if (parent.IsEphemeral)
            {
                foreach (var grandparent in parent.DependsOn)
                {
                    stack.Push(grandparent);
                }
            }
        }
    }
}
