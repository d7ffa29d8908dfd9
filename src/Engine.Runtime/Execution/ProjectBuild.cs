using System.Diagnostics;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Connections;
using Engine.Runtime.Sessions;
using Engine.Warehouse;
using Engine.Warehouse.Postgres;

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
        var server = PostgresServer.For(session.Target, session.Options.ProjectDirectory);
        var connectionString = await server.ConnectionStringAsync(server.WarehouseDatabase, cancellationToken).ConfigureAwait(false);
        await using var warehouse = new PostgresWarehouse(connectionString);
        var schemas = selected.Select(id => session.Parsed.Graph[id].Relation?.Schema).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var catalog = await CatalogAsync(warehouse, schemas, cancellationToken).ConfigureAwait(false);
        var compiled = session.Compile(selected, relation => catalog.TryGetValue(BuildContext.CatalogKey(warehouse, relation), out var found) && found.Kind == RelationKind.Table);
        CompiledSqlWriter.Write(compiled);
        var plan = BuildPlan.Create(compiled, selected, options);
        var context = new BuildContext(warehouse, options, session.Definition.RootDirectory, session.Target.Schema, session.Parsed.Options.RunStartedAt)
        {
            Catalog = catalog,
            CatalogSchemas = schemas,
        };
        var results = await new BuildRunner(context, observer).RunAsync(plan, cancellationToken).ConfigureAwait(false);
        var outcome = new BuildOutcome(results, clock.Elapsed);
        observer.RunFinished(outcome);
        var invocation = new RunInvocation(command, options, session.Options, warehouse.Dialect.Name, DateTimeOffset.UtcNow);
        ManifestWriter.Write(compiled, invocation);
        RunResultsWriter.Write(session.Definition.RootDirectory, outcome, invocation, warehouse.Dialect);
        return outcome;
    }

    private static async Task<Dictionary<string, RelationInfo>> CatalogAsync(IWarehouse warehouse, IReadOnlyCollection<string> schemas, CancellationToken cancellationToken)
    {
        await using var catalog = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        var relations = await catalog.ListRelationsAsync(schemas, cancellationToken).ConfigureAwait(false);
        return relations.ToDictionary(r => BuildContext.CatalogKey(warehouse, r.Relation), StringComparer.Ordinal);
    }

}
