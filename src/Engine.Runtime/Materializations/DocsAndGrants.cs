using Engine.Core.Project;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// What dbt applies to a relation once it is built: <c>persist_docs</c> (the model's and its columns' descriptions as
/// comments) and <c>grants</c> (each privilege to each grantee). A rebuilt relation is new, so both are applied after
/// every build. Grants are added, never revoked: a grantee removed from the config keeps what it was given.
/// </summary>
public static class DocsAndGrants
{
    public static async Task ApplyAsync(NodeContext context)
    {
        if (context.Node is not { Type: ResourceType.Model, Relation: not null, Config: { } config } node || node.IsEphemeral)
        {
            return;
        }

        var kind = node.Materialized switch
        {
            Core.Project.Materializations.View => RelationKind.View,
            Core.Project.Materializations.MaterializedView => RelationKind.MaterializedView,
            _ => RelationKind.Table,
        };
        var sql = context.Statements;
        if (config.PersistDocsRelation == true && !string.IsNullOrWhiteSpace(node.Description))
        {
            await context.ExecuteAsync(sql.Comment(context.Relation, kind, node.Description)).ConfigureAwait(false);
        }

        if (config.PersistDocsColumns == true && node.Columns.Any(c => !string.IsNullOrWhiteSpace(c.Description)))
        {
            // Only columns the relation has: a documented column the model no longer selects is not an error, as in dbt.
            var existing = (await context.Session.DescribeAsync(context.Relation, context.CancellationToken).ConfigureAwait(false))?.Columns
                .Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            foreach (var column in node.Columns.Where(c => !string.IsNullOrWhiteSpace(c.Description) && existing.Contains(c.Name)))
            {
                await context.ExecuteAsync(sql.CommentColumn(context.Relation, column.Name, column.Description!)).ConfigureAwait(false);
            }
        }

        foreach (var (privilege, grantees) in config.Grants)
        {
            foreach (var grantee in grantees)
            {
                await context.ExecuteAsync(sql.Grant(context.Relation, kind, privilege, grantee)).ConfigureAwait(false);
            }
        }
    }
}
