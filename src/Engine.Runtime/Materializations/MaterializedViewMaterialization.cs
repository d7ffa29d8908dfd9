using System.Security.Cryptography;
using System.Text;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// Created once, then refreshed. The definition's checksum is kept in the relation's comment so that an
/// edited model is created again rather than refreshed with its old query.
/// </summary>
public sealed class MaterializedViewMaterialization : IMaterialization
{
    public async Task<string> BuildAsync(NodeContext context)
    {
        var checksum = "engine:sha256=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.Sql)))[..16];
        var existing = await context.DescribeAsync().ConfigureAwait(false);
        if (existing is { Kind: RelationKind.MaterializedView } && existing.Comment == checksum && !context.Build.Options.FullRefresh)
        {
            await context.InTransactionAsync(async () =>
            {
                context.Response = await context.ExecuteAsync(context.Statements.RefreshMaterializedView(context.Relation)).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return $"refreshed sql materialized_view model {context.DisplayName}";
        }

        await RelationSwap.ReplaceAsync(context, RelationKind.MaterializedView, async staged =>
        {
            context.Response = await context.ExecuteAsync(context.Statements.CreateMaterializedView(staged, context.Sql)).ConfigureAwait(false);
            await context.ExecuteAsync(context.Statements.Comment(staged, RelationKind.MaterializedView, checksum)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return $"created sql materialized_view model {context.DisplayName}";
    }
}
