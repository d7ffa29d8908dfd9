using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Runtime.Artifacts;
using Engine.Warehouse;

namespace Engine.Web.Docs;

/// <summary>Every node of the project as the docs site shows it, built from the compiled project and the catalog.</summary>
public static class DocsModel
{
    public static ImmutableArray<DocNode> Build(CompiledProject compiled, Func<Relation, RelationInfo?> catalog, DocBlocks docs)
    {
        var parsed = compiled.Parsed;
        var graph = parsed.Graph;
        var compiledById = compiled.Nodes.ToDictionary(n => n.Node.UniqueId, StringComparer.Ordinal);
        var documented = ManifestColumns.ByNode(parsed.Definition);
        var testsByColumn = graph.Nodes.Values
            .Where(n => n.Type == ResourceType.Test && n.AttachedTo is not null)
            .GroupBy(n => (n.AttachedTo!, n.ColumnName ?? string.Empty))
            .ToDictionary(g => g.Key, g => g.Select(t => t.Fqn.Length > 1 ? t.Fqn[1] : t.Name).Distinct().Order(StringComparer.Ordinal).ToImmutableArray());
        var dialect = parsed.Options.Dialect;
        // Unit tests check a model's logic on given rows; like dbt's docs, the lineage leaves them out.
        return [.. graph.TopologicalOrder().Where(id => !graph[id].IsUnitTest).Select(id =>
        {
            var node = graph[id];
            var info = node.Relation is { } r ? catalog(r) : null;
            var yaml = documented.GetValueOrDefault(id, []);
            var names = (info?.Columns.Select(c => c.Name) ?? []).Concat(yaml.Select(c => c.Name)).Distinct(StringComparer.Ordinal);
            var columns = names.Select(name =>
            {
                var y = yaml.FirstOrDefault(c => c.Name == name);
                return new DocColumn(name, info?.Columns.FirstOrDefault(c => c.Name == name)?.DataType ?? y?.DataType, docs.Resolve(y?.Description),
                    testsByColumn.GetValueOrDefault((id, name), []));
            });
            var raw = parsed.Nodes.GetValueOrDefault(id)?.TemplateText;
            if (node.Type == ResourceType.Exposure)
            {
                raw = File.Exists(node.FilePath) ? File.ReadAllText(node.FilePath) : null;
            }

            return new DocNode(id, DisplayName(node), ResourceTypes.Name(node.Type), node.RelativePath)
            {
                Description = docs.Resolve(node.Description),
                Relation = node.Relation is { } rel && node.Type != ResourceType.Test ? dialect.RelationName(rel) : null,
                Materialized = node.Type is ResourceType.Model ? node.Materialized : null,
                Tags = node.Tags,
                Columns = [.. columns],
                Parents = [.. graph.Parents(id)],
                Children = [.. graph.Children(id)],
                RawSql = raw,
                CompiledSql = compiledById.GetValueOrDefault(id)?.Sql
                    ?? (node.Type == ResourceType.Exposure ? string.Join("\n\n", compiled.Dashboards.Where(d => d.UniqueId == id).SelectMany(d => d.Charts.Select(c => $"-- chart {c.Chart.Name}\n{c.Sql}"))) : null),
            };
        })];
    }

    private static string DisplayName(Core.Graph.GraphNode node) =>
        node.Type == ResourceType.Source && node.Fqn.Length >= 2 ? $"{node.Fqn[^2]}.{node.Fqn[^1]}" : node.Name;
}
