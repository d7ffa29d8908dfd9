using System.Collections.Immutable;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// SCD2: the first run copies the source with validity columns; later runs close the versions that changed
/// (or vanished, per <c>hard_deletes</c>) and insert the new ones, in one transaction. A run with no change in
/// the source writes nothing. --full-refresh does not apply: history cannot be rebuilt from the source.
/// </summary>
public sealed class SnapshotMaterialization : IMaterialization
{
    private const string Staging = "__engine_snapshot_staging";

    public async Task<string> BuildAsync(NodeContext context)
    {
        var spec = Spec(context);
        var sql = context.Statements;
        var existing = await context.DescribeAsync().ConfigureAwait(false);
        if (existing is null)
        {
            await RelationSwap.ReplaceAsync(context, RelationKind.Table, async staged =>
                context.Response = await context.ExecuteAsync(sql.SnapshotCreate(staged, context.Sql, spec)).ConfigureAwait(false)).ConfigureAwait(false);
            return $"created snapshot {context.DisplayName}";
        }

        await context.InTransactionAsync(async () =>
        {
            await context.ExecuteAsync(sql.SnapshotStage(Staging, context.Sql, spec)).ConfigureAwait(false);
            var staged = await context.Session.ColumnsAsync(context.Build.Warehouse.Dialect.QuoteIdentifier(Staging), context.CancellationToken).ConfigureAwait(false);
            var meta = spec.Names.All.ToHashSet(StringComparer.Ordinal);
            var source = staged.Where(c => !c.Name.StartsWith("__engine_", StringComparison.Ordinal) && !meta.Contains(c.Name)).ToList();
            var known = existing.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var column in source.Where(c => !known.Contains(c.Name)))
            {
                await context.ExecuteAsync(sql.AddColumn(context.Relation, column)).ConfigureAwait(false);
            }

            long changed = 0;
            foreach (var statement in sql.SnapshotApply(context.Relation, Staging, spec, [.. source.Select(c => c.Name)]))
            {
                changed += (await context.ExecuteAsync(statement).ConfigureAwait(false)).RowsAffected ?? 0;
            }

            context.Response = new StatementResult("SNAPSHOT", changed);
        }).ConfigureAwait(false);
        return $"snapshotted {context.DisplayName}";
    }

    private static SnapshotSpec Spec(NodeContext context)
    {
        var config = context.Node.Config!;
        var strategy = config.Strategy ?? "timestamp";
        if (config.UniqueKey.IsDefaultOrEmpty)
        {
            throw new NodeFailure($"{context.Node.RelativePath}: a snapshot needs a unique_key", badInput: true);
        }

        if (strategy == "timestamp" && string.IsNullOrWhiteSpace(config.UpdatedAt))
        {
            throw new NodeFailure($"{context.Node.RelativePath}: the timestamp strategy needs updated_at", badInput: true);
        }

        var checkColumns = config.CheckCols.IsDefaultOrEmpty || (config.CheckCols.Length == 1 && config.CheckCols[0] == "all")
            ? ImmutableArray<string>.Empty
            : config.CheckCols;
        return new SnapshotSpec(config.UniqueKey, strategy, config.UpdatedAt, checkColumns, config.HardDeletes ?? "ignore", Names(config), context.Build.NowSql);
    }

    /// <summary>The meta columns' names, as <c>snapshot_meta_column_names</c> renames dbt's.</summary>
    private static SnapshotColumnNames Names(Core.Project.ModelConfig config)
    {
        var names = SnapshotColumnNames.Default;
        var renamed = config.SnapshotMetaColumnNames;
        return names with
        {
            ValidFrom = renamed.GetValueOrDefault("dbt_valid_from", names.ValidFrom),
            ValidTo = renamed.GetValueOrDefault("dbt_valid_to", names.ValidTo),
            ScdId = renamed.GetValueOrDefault("dbt_scd_id", names.ScdId),
            IsDeleted = renamed.GetValueOrDefault("dbt_is_deleted", names.IsDeleted),
        };
    }
}
