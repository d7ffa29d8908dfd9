using System.Collections.Immutable;
using Engine.Core.Project;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Status;

/// <summary>Reads what <c>engine status</c> and <c>engine schedule ls</c> show, from the project, the state store and the warehouse.</summary>
public static class StatusReader
{
    public static async Task<ProjectStatus> ReadAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = await StateStore.TryOpenAsync(session, clock, cancellationToken).ConfigureAwait(false);
        var materialized = store is null
            ? ImmutableDictionary<string, AssetMaterialization>.Empty
            : (await store.MaterializationsAsync(cancellationToken).ConfigureAwait(false))
                .Where(m => m.PartitionKey.Length == 0)
                .ToImmutableDictionary(m => m.Asset, StringComparer.Ordinal);
        var freshness = (await FreshnessChecker.CheckAllAsync(session, store, clock, cancellationToken).ConfigureAwait(false))
            .ToImmutableDictionary(r => r.UniqueId, StringComparer.Ordinal);
        var assets = session.Parsed.Graph.Nodes.Values
            .Where(n => n.Type is ResourceType.Model or ResourceType.Seed or ResourceType.Snapshot or ResourceType.Source)
            .OrderBy(n => n.Type == ResourceType.Source ? 0 : 1).ThenBy(n => n.UniqueId, StringComparer.Ordinal)
            .Select(n => new AssetStatus(n.UniqueId, n.Type == ResourceType.Source ? SourceName(n.UniqueId) : n.Name, n.Type, n.Relation?.ToString())
            {
                Last = materialized.GetValueOrDefault(n.UniqueId),
                Freshness = freshness.GetValueOrDefault(n.UniqueId),
            })
            .ToImmutableArray();
        return new ProjectStatus(clock.GetUtcNow(), assets, await SchedulesAsync(session, store, clock, 1, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>source.project.strava.activities</c> is shown as <c>strava.activities</c>, as <c>source()</c> names it.</summary>
    private static string SourceName(string uniqueId) => string.Join('.', uniqueId.Split('.').Skip(2));

    /// <summary>Each schedule with its next <paramref name="ticks"/> ticks; the last evaluated tick when a state store exists.</summary>
    public static async Task<ImmutableArray<ScheduleStatus>> SchedulesAsync(ProjectSession session, StateStore? store, TimeProvider clock, int ticks, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var result = ImmutableArray.CreateBuilder<ScheduleStatus>();
        foreach (var schedule in session.Definition.Config.Orchestration.Schedules)
        {
            var last = store is null ? null : await store.LastTickAsync(schedule.Name, cancellationToken).ConfigureAwait(false);
            result.Add(new ScheduleStatus(schedule, [.. schedule.TicksAfter(now).Take(ticks)], last));
        }

        return result.ToImmutable();
    }
}
