using Engine.Runtime.Artifacts;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Engine.Warehouse;

namespace Engine.Web.Docs;

/// <summary>
/// <c>engine docs generate</c>: compiles every node (writing manifest.json as compile does), reads the columns of
/// what exists from the warehouse into catalog.json, and writes the static site under target/docs/.
/// </summary>
public static class DocsGenerator
{
    public static async Task<(string Catalog, string Site, int Nodes)> GenerateAsync(ProjectSession session, CancellationToken cancellationToken)
    {
        var compiled = session.Compile([.. session.Parsed.Graph.Ids]);
        CompileArtifacts.Write(session, compiled);
        await using var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        var schemas = session.Parsed.Graph.Nodes.Values.Select(n => n.Relation?.Schema).OfType<string>().ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<RelationInfo> relations;
        await using (var warehouseSession = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false))
        {
            relations = await warehouseSession.ListRelationsAsync(schemas, cancellationToken).ConfigureAwait(false);
        }

        var byKey = relations.ToDictionary(r => CatalogWriter.Key(warehouse, r.Relation), StringComparer.Ordinal);
        var invocation = new RunInvocation("docs generate", new BuildOptions(), session.Options, warehouse.Dialect.Name, DateTimeOffset.UtcNow);
        var catalog = CatalogWriter.Write(session.Parsed, byKey, invocation, warehouse);
        var nodes = DocsModel.Build(compiled, r => byKey.GetValueOrDefault(CatalogWriter.Key(warehouse, r)), DocBlocks.Load(session.Definition.RootDirectory));
        var site = DocsSiteWriter.Write(session.Definition.TargetDirectory, session.Definition.Name, nodes);
        return (catalog, site, nodes.Length);
    }
}
