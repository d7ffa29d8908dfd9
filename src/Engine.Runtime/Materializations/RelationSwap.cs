using Engine.Core.Compilation;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// Replaces the node's relation atomically through its warehouse adapter: the new one is built by
/// <c>createAt</c> under the name the adapter gives, and put in place so that a failed or killed build leaves the old
/// relation and readers never see it missing. How (rename in a transaction, swap, create or replace) is the adapter's.
/// </summary>
public static class RelationSwap
{
    public static async Task ReplaceAsync(NodeContext context, RelationKind kind, Func<Relation, Task> createAt)
    {
        await context.Build.EnsureSchemaAsync(context.Session, context.Relation.Schema, context.CancellationToken).ConfigureAwait(false);
        var replacement = new RelationReplacement(context.Session, context.Relation, kind, createAt, context.InTransactionAsync, context.Warnings.Add)
        {
            // A view is kept only without hooks: a kept view runs none, and a hook may do more than build it.
            KeepWhenUnchanged = context.KeepWhenUnchanged && (kind == RelationKind.Table || (kind == RelationKind.View && !HasHooks(context))),
            SelectAsBuilt = kind == RelationKind.View && context.Change is { SqlAsBuilt: true } ? context.Sql : null,
            Unchanged = () => context.ContentsUnchanged = true,
        };
        await context.Build.Warehouse.ReplaceAsync(replacement, context.CancellationToken).ConfigureAwait(false);
    }

    private static bool HasHooks(NodeContext context) =>
        (context.Unit.Compiled?.PreHooks ?? context.Node.Config?.PreHook ?? []).Concat(context.Unit.Compiled?.PostHooks ?? context.Node.Config?.PostHook ?? [])
            .Any(h => !string.IsNullOrWhiteSpace(h));
}
