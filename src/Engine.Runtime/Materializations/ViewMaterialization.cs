using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

public sealed class ViewMaterialization : IMaterialization
{
    public async Task<string> BuildAsync(NodeContext context)
    {
        await RelationSwap.ReplaceAsync(context, RelationKind.View, async staged =>
            context.Response = await context.ExecuteAsync(context.Statements.CreateView(staged, context.Sql)).ConfigureAwait(false)).ConfigureAwait(false);
        return context.ContentsUnchanged ? $"kept sql view model {context.DisplayName} (same definition)" : $"created sql view model {context.DisplayName}";
    }
}
