using System.Collections.Immutable;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Orchestration.State;

namespace Engine.Orchestration.Automation;

/// <summary>
/// Which models the daemon builds by itself, by their <c>automation</c> config, after Dagster's automation conditions:
/// <list type="bullet">
/// <item><c>eager</c>: a parent (model, seed, snapshot or synced source) succeeded after the model's own last success,
/// or the model never built;</item>
/// <item><c>on_missing</c>: the model was never materialized (no attempt in the history);</item>
/// <item><c>on_cron</c>: its cron ticked after the model's last attempt, and every parent was updated since that tick.</item>
/// </list>
/// None of them while a parent model is missing (never built). A model whose parent is due in the same run counts that
/// parent as updated, so one run brings a whole chain up to date, parents first, and nothing else.
/// </summary>
public static class AutomationEvaluator
{
    public static ImmutableArray<AutomationDue> Due(ProjectGraph graph, IReadOnlyList<AssetMaterialization> history, DateTimeOffset now)
    {
        var lastSuccess = history.Where(m => m.LastSuccessAt is not null).GroupBy(m => m.Asset, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(m => m.LastSuccessAt!.Value), StringComparer.Ordinal);
        var lastAttempt = history.GroupBy(m => m.Asset, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(m => m.MaterializedAt), StringComparer.Ordinal);
        var due = ImmutableArray.CreateBuilder<AutomationDue>();
        var dueSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in graph.TopologicalOrder())
        {
            var node = graph[id];
            if (node.Type != ResourceType.Model || node.Config?.Automation is not { } kind || node.Relation is null)
            {
                continue;
            }

            var parents = graph.Parents(id).Where(p => graph.Nodes.ContainsKey(p) && graph[p].Type is ResourceType.Model or ResourceType.Seed or ResourceType.Snapshot or ResourceType.Source).ToList();
            // A source without a record was never synced by the engine (loaded by someone else): no news, but not missing.
            var missingParent = parents.Any(p => graph[p].Type != ResourceType.Source && graph[p].Relation is not null && !lastSuccess.ContainsKey(p) && !dueSet.Contains(p));
            if (missingParent)
            {
                continue;
            }

            var reason = kind switch
            {
                AutomationReader.Eager => Eager(id, parents, dueSet, lastSuccess),
                AutomationReader.OnMissing => lastAttempt.ContainsKey(id) ? null : "never materialized",
                AutomationReader.OnCron => OnCron(id, node.Config.AutomationCron!, parents, dueSet, lastSuccess, lastAttempt, now),
                _ => null,
            };
            if (reason is not null)
            {
                due.Add(new AutomationDue(id, kind, reason));
                dueSet.Add(id);
            }
        }

        return due.ToImmutable();
    }

    private static string? Eager(string id, List<string> parents, HashSet<string> dueSet, Dictionary<string, DateTimeOffset> lastSuccess)
    {
        if (!lastSuccess.TryGetValue(id, out var own))
        {
            return "never built";
        }

        return parents.FirstOrDefault(dueSet.Contains) is { } upstream ? $"{Short(upstream)} is rebuilt"
            : parents.FirstOrDefault(p => lastSuccess.TryGetValue(p, out var at) && at > own) is { } newer ? $"{Short(newer)} has new data"
            : null;
    }

    private static string? OnCron(
        string id, AutomationCron cron, List<string> parents, HashSet<string> dueSet,
        Dictionary<string, DateTimeOffset> lastSuccess, Dictionary<string, DateTimeOffset> lastAttempt, DateTimeOffset now)
    {
        if (cron.LatestTickAtOrBefore(now) is not { } tick || (lastAttempt.TryGetValue(id, out var attempt) && attempt >= tick))
        {
            return null;
        }

        // Dagster's all_deps_updated_since_cron: each parent updated since the tick (or built in this run); a source the
        // engine never synced has no updates to wait for.
        var waiting = parents.Any(p => !dueSet.Contains(p) && lastSuccess.TryGetValue(p, out var at) && at < tick);
        return waiting ? null : $"cron {cron.Text} ticked at {tick.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
    }

    private static string Short(string uniqueId) => string.Join('.', uniqueId.Split('.').Skip(2));
}
