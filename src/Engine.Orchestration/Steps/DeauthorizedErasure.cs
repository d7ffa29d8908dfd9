using Engine.Connectors.Cdc;
using Engine.Connectors.Strava.Config;
using Engine.Connectors.Strava.Erasure;
using Engine.Core.Project;
using Engine.Orchestration.State;
using Engine.Runtime.Changes;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Steps;

/// <summary>
/// The sync step's last part: once CDC has applied everything (so no later batch brings an athlete's rows back), the
/// athletes who deauthorized leave every table the engine manages in the warehouse (<see cref="AthleteErasure"/>): the
/// schemas CDC writes and those of the project's models, seeds and snapshots. Every node reading an emptied table, and
/// everything downstream, loses its recorded state, so the next build rebuilds it instead of keeping it as up to date.
/// </summary>
internal static class DeauthorizedErasure
{
    public static async Task<IReadOnlyList<ErasedRows>> RunAsync(ProjectSession session, IReadOnlyList<CdcRequest> requests, CancellationToken token)
    {
        var strava = requests.Where(r => session.Definition.Sources.Any(s =>
            s.Name == r.Settings.SourceName && s.Extract?.Connector == StravaSourceConfig.ConnectorName)).ToList();
        var athletes = new SortedSet<long>();
        foreach (var request in strava)
        {
            athletes.UnionWith(await AthleteErasure.DeauthorizedAsync(request.SourceConnectionString, token).ConfigureAwait(false));
        }

        if (athletes.Count == 0)
        {
            return [];
        }

        var graph = session.Parsed.Graph;
        var cdcSchemas = requests.Select(r => r.Settings.WarehouseSchema).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var schemas = graph.Nodes.Values
            .Where(n => n.Type is ResourceType.Model or ResourceType.Seed or ResourceType.Snapshot && n.Relation is not null)
            .Select(n => n.Relation!.Schema)
            .Concat(cdcSchemas)
            .Where(s => !s.Equals("_engine", StringComparison.OrdinalIgnoreCase))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        IReadOnlyList<ErasedRows> erased;
        await using (var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, token).ConfigureAwait(false))
        await using (var connection = await warehouse.OpenSessionAsync(token).ConfigureAwait(false))
        {
            erased = await AthleteErasure.EraseAsync(connection, session.Warehouse.Dialect, schemas, cdcSchemas, athletes, DateTime.UtcNow, token).ConfigureAwait(false);
        }

        if (erased.Count > 0 && await StateStore.TryOpenAsync(session, TimeProvider.System, token).ConfigureAwait(false) is { } store)
        {
            var emptied = erased.Select(e => Key(e.Schema, e.Table)).ToHashSet(StringComparer.Ordinal);
            var stale = graph.Nodes.Values
                .Where(n => n.Relation is { } r && emptied.Contains(Key(r.Schema, r.Identifier)))
                .SelectMany(n => graph.Descendants(n.UniqueId).Append(n.UniqueId))
                .ToHashSet(StringComparer.Ordinal);
            await store.SaveAsync(stale.ToDictionary(id => id, _ => (NodeState?)null, StringComparer.Ordinal), token).ConfigureAwait(false);
        }

        return erased;
    }

    private static string Key(string schema, string table) => $"{schema.ToLowerInvariant()}.{table.ToLowerInvariant()}";
}
