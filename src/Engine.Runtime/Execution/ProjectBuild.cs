using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Changes;
using Engine.Runtime.Sessions;
using Engine.Warehouse;

namespace Engine.Runtime.Execution;

/// <summary>
/// <c>engine build</c> and its narrower forms (seed, snapshot, test): select, compile against what the warehouse
/// holds, execute, and write manifest.json and run_results.json.
/// </summary>
public static class ProjectBuild
{
    public static async Task<BuildOutcome> RunAsync(ProjectSession session, BuildOptions options, IBuildObserver observer, string command, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var selected = session.SelectNodes();
        await using var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        var schemas = selected.Select(id => session.Parsed.Graph[id].Relation?.Schema).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // --defer asks whether the target holds each unselected parent, so their schemas are listed too.
        var listed = session.Options.Defer
            ? [.. schemas, .. Deferral.Candidates(session.Parsed.Graph, selected).Select(n => n.Relation!.Schema)]
            : schemas;
        var (catalog, changes) = await CatalogAsync(warehouse, listed, options, session.Parsed.Graph, cancellationToken).ConfigureAwait(false);
        var compiled = session.Compile(
            selected,
            relation => catalog.TryGetValue(BuildContext.CatalogKey(warehouse, relation), out var found) && found.Kind == RelationKind.Table,
            relation => catalog.ContainsKey(BuildContext.CatalogKey(warehouse, relation)));
        CompiledSqlWriter.Write(compiled);
        var plan = BuildPlan.Create(compiled, selected, options);
        var context = new BuildContext(warehouse, options, session.Definition.RootDirectory, session.Target.Schema, session.Parsed.Options.RunStartedAt)
        {
            Catalog = catalog,
            CatalogSchemas = schemas,
            RefRelation = name => compiled.Parsed.Graph.Nodes.Values
                .FirstOrDefault(n => n.Name == name && n.Type is not (Core.Project.ResourceType.Test or Core.Project.ResourceType.Source or Core.Project.ResourceType.Exposure))
                is { } node ? compiled.Parsed.Options.Deferred.GetValueOrDefault(node.UniqueId) ?? node.Relation : null,
            Dashboards = compiled.Dashboards.ToDictionary(d => d.UniqueId, StringComparer.Ordinal),
            Changes = changes,
            GenericTestNames = compiled.Parsed.Nodes.Where(n => n.Value.GenericTest is not null)
                .ToDictionary(n => n.Key, n => n.Value.GenericTest!.TestName, StringComparer.Ordinal),
        };
        IReadOnlyList<NodeResult> results;
        try
        {
            results = await new BuildRunner(context, observer).RunAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also when cancelled: the nodes that finished keep their records.
            if (changes is not null)
            {
                await changes.SaveAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var outcome = new BuildOutcome(results, clock.Elapsed);
        observer.RunFinished(outcome);
        if (options.CountRows)
        {
            outcome = outcome with { RowCounts = await CountRowsAsync(warehouse, results, changes, cancellationToken).ConfigureAwait(false) };
        }

        var invocation = new RunInvocation(command, options, session.Options, warehouse.Dialect.Name, DateTimeOffset.UtcNow);
        ManifestWriter.Write(compiled, invocation);
        RunResultsWriter.Write(session.Definition.RootDirectory, outcome, invocation, warehouse.Dialect, session.Target.Database);
        return outcome;
    }

    private static async Task<ImmutableArray<RelationRowCount>> CountRowsAsync(
        IWarehouse warehouse, IReadOnlyList<NodeResult> results, ChangeTracker? changes, CancellationToken cancellationToken)
    {
        var built = results
            .Where(r => (r.Status == NodeStatus.Success || r.UpToDate) && r.Node.Relation is not null && !r.Node.IsEphemeral && r.Node.Materialized != Engine.Core.Project.Materializations.View)
            .OrderBy(r => r.Node.Relation!.Schema, StringComparer.Ordinal)
            .ThenBy(r => r.Node.Relation!.Identifier, StringComparer.Ordinal)
            .ToList();
        if (built.Count == 0)
        {
            return [];
        }

        // The summary shows every table of the project, however little a run had to build. A table whose data version is
        // the one it was last counted at has not changed since: its recorded count stands, so a daily run does not count
        // a whole history it did not touch. Views are left out: counting one runs its whole query again. One statement
        // for all the others: a round trip per relation would cost more than the counts on small tables.
        var recorded = changes is not null
            ? await changes.RecordedRowCountsAsync(cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, RecordedRowCount>();
        var counts = new long[built.Count];
        var toCount = new List<int>();
        for (var i = 0; i < built.Count; i++)
        {
            var id = built[i].Node.UniqueId;
            if (changes?.DataVersion(id) is { } version && recorded.TryGetValue(id, out var known) && known.DataVersion == version)
            {
                counts[i] = known.Rows;
            }
            else
            {
                toCount.Add(i);
            }
        }

        if (toCount.Count > 0)
        {
            var name = warehouse.Dialect.RelationName;
            var union = string.Join("\nunion all ", toCount.Select(i => $"select {i} as n, count(*) as c from {name(built[i].Node.Relation!)}"));
            await using var session = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            QueryResult rows;
            try
            {
                rows = await session.QueryAsync(union, toCount.Count, cancellationToken).ConfigureAwait(false);
            }
            catch (WarehouseStatementException)
            {
                // A relation dropped by someone else since the build: the build's own results still stand.
                return [];
            }

            var counted = new Dictionary<string, RecordedRowCount>(StringComparer.Ordinal);
            foreach (var row in rows.Rows)
            {
                var i = int.Parse(row[0]!, CultureInfo.InvariantCulture);
                counts[i] = long.Parse(row[1]!, CultureInfo.InvariantCulture);
                if (changes?.DataVersion(built[i].Node.UniqueId) is { } version)
                {
                    counted[built[i].Node.UniqueId] = new RecordedRowCount(version, counts[i]);
                }
            }

            if (changes is not null)
            {
                await changes.RecordRowCountsAsync(counted, cancellationToken).ConfigureAwait(false);
            }
        }

        return [.. built.Select((r, i) => new RelationRowCount($"{r.Node.Relation!.Schema}.{r.Node.Relation.Identifier}", r.Node.Materialized, counts[i]))];
    }

    /// <summary>The relations the build starts from and, when it tracks changes, what each node was last built from.</summary>
    private static async Task<(Dictionary<string, RelationInfo> Catalog, ChangeTracker? Changes)> CatalogAsync(
        IWarehouse warehouse, IReadOnlyCollection<string> schemas, BuildOptions options, ProjectGraph graph, CancellationToken cancellationToken)
    {
        await using var catalog = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        var relations = await catalog.ListRelationsAsync(schemas, cancellationToken).ConfigureAwait(false);
        var changes = options.NodeStates is { } store
            // engine test (or seed, snapshot) alone runs what it is asked to: a user testing wants the tests run.
            ? await ChangeTracker.LoadAsync(store, catalog, graph, options.FullRefresh || !options.SkipUnchanged || !options.ResourceTypes.Contains(ResourceType.Model), cancellationToken).ConfigureAwait(false)
            : null;
        return (relations.ToDictionary(r => BuildContext.CatalogKey(warehouse, r.Relation), StringComparer.Ordinal), changes);
    }

}
