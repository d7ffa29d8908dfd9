using System.Collections.Immutable;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Orchestration.Automation;

/// <summary>
/// Which models with <c>automation: eager</c> are due, as Dagster's eager condition: a parent (model, seed, snapshot or
/// synced source) succeeded after the model's own last success, or the model never built; not while a parent model
/// has never been built (missing). An eager model whose parent is due in the same run is due too, so one run brings
/// the whole eager chain below a change up to date, and nothing else.
/// </summary>
public static class EagerAutomation
{
    public const string Eager = "eager";

    /// <param name="lastSuccess">Each asset's last successful materialization (any partition), by unique id.</param>
    /// <returns>The due models' unique ids, parents first.</returns>
    public static ImmutableArray<string> Due(ProjectGraph graph, IReadOnlyDictionary<string, DateTimeOffset> lastSuccess)
    {
        var due = new List<string>();
        var dueSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in graph.TopologicalOrder())
        {
            var node = graph[id];
            if (node.Type != ResourceType.Model || node.Config?.Automation != Eager || node.Relation is null)
            {
                continue;
            }

            var parents = graph.Parents(id).Where(p => graph.Nodes.ContainsKey(p) && graph[p].Type is ResourceType.Model or ResourceType.Seed or ResourceType.Snapshot or ResourceType.Source).ToList();
            var upstreamDue = parents.Any(dueSet.Contains);
            // A source without a record was never synced by the engine (loaded by someone else): no news, but not missing.
            var missing = parents.Any(p => graph[p].Type != ResourceType.Source && graph[p].Relation is not null && !lastSuccess.ContainsKey(p) && !dueSet.Contains(p));
            var newer = !lastSuccess.TryGetValue(id, out var own) || parents.Any(p => lastSuccess.TryGetValue(p, out var at) && at > own);
            if (!missing && (upstreamDue || newer))
            {
                due.Add(id);
                dueSet.Add(id);
            }
        }

        return [.. due];
    }
}
