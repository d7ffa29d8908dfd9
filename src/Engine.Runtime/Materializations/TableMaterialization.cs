using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

public sealed class TableMaterialization : IMaterialization
{
    public async Task<string> BuildAsync(NodeContext context)
    {
        if (context.Node.Contract is { Enforced: true } contract)
        {
            await ContractedTable.CheckAsync(context, contract).ConfigureAwait(false);
            await RelationSwap.ReplaceAsync(context, RelationKind.Table, staged => ContractedTable.BuildAsync(context, contract, staged)).ConfigureAwait(false);
            return $"created sql table model {context.DisplayName}";
        }

        await RelationSwap.ReplaceAsync(context, RelationKind.Table, async staged =>
            context.Response = await context.ExecuteAsync(context.Statements.CreateTableAs(staged, context.Sql)).ConfigureAwait(false)).ConfigureAwait(false);
        return context.ContentsUnchanged ? $"kept sql table model {context.DisplayName} (contents unchanged)" : $"created sql table model {context.DisplayName}";
    }
}
