using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Runtime.DataTests;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Materializations;

/// <summary>
/// First build (or --full-refresh, or a view in the way): a table, swapped in atomically. Later builds: the
/// model's rows go to a temporary table, the target's columns are reconciled per <c>on_schema_change</c>, and
/// the strategy applies them, all in one transaction.
/// </summary>
public sealed class IncrementalMaterialization : IMaterialization
{
    public async Task<string> BuildAsync(NodeContext context)
    {
        var config = context.Node.Config!;
        var sql = context.Statements;
        var keys = config.UniqueKey.IsDefaultOrEmpty ? [] : config.UniqueKey.ToList();
        var strategy = config.IncrementalStrategy ?? (keys.Count > 0 ? "merge" : "append");
        var existing = await context.DescribeAsync().ConfigureAwait(false);
        if (existing is not { Kind: RelationKind.Table } || context.Build.Options.FullRefresh)
        {
            await new TableMaterialization().BuildAsync(context).ConfigureAwait(false);
            await CreateKeyIndexAsync(context, strategy, keys).ConfigureAwait(false);
            return $"created sql incremental model {context.DisplayName}";
        }
        var window = context.Unit.Compiled?.EventTimeWindow;
        if (strategy == "delete+insert" && keys.Count == 0)
        {
            throw new NodeFailure($"{context.Node.RelativePath}: incremental_strategy 'delete+insert' needs a unique_key", badInput: true);
        }

        var staging = context.Relation.Identifier + "__engine_incr";
        var written = (long?)0;
        var sameColumns = false;
        await context.InTransactionAsync(async () =>
        {
            if (KeyIndex(context, strategy, keys) is { } index)
            {
                await context.ExecuteAsync(index).ConfigureAwait(false);
            }

            await context.ExecuteAsync(sql.CreateTemporaryTableAs(staging, context.Sql)).ConfigureAwait(false);
            var incoming = await context.Session.ColumnsAsync(context.Build.Warehouse.Dialect.QuoteIdentifier(staging), context.CancellationToken).ConfigureAwait(false);
            sameColumns = incoming.Count == existing.Columns.Length
                && incoming.All(c => existing.Columns.Any(e => e.Name == c.Name && e.DataType == c.DataType));
            var columns = await SchemaChange.ReconcileAsync(context, existing, incoming, config.OnSchemaChange ?? "ignore").ConfigureAwait(false);
            var missingKey = keys.FirstOrDefault(k => !columns.Contains(k, StringComparer.Ordinal));
            if (missingKey is not null)
            {
                throw new NodeFailure($"{context.Node.RelativePath}: unique_key column '{missingKey}' is not among the model's columns ({string.Join(", ", incoming.Select(c => c.Name))})", badInput: true);
            }

            var predicates = config.IncrementalPredicates.IsDefaultOrEmpty ? [] : config.IncrementalPredicates.ToList();
            async Task<StatementResult> Write(string statement)
            {
                var result = await context.ExecuteAsync(statement).ConfigureAwait(false);
                written = written + result.RowsAffected;
                return result;
            }

            switch (strategy)
            {
                case "merge":
                    context.Response = await Write(sql.Merge(context.Relation, staging, keys, columns, UpdateColumns(context, config, columns), predicates)).ConfigureAwait(false);
                    break;
                case Core.Project.Materializations.Microbatch when window is not null:
                    // The window is replaced in one transaction: readers see the old rows or the new, never neither.
                    await Write(context.Build.Warehouse.Dialect.DeleteWindow(context.Relation, config.EventTime!, window.Start, window.End)).ConfigureAwait(false);
                    context.Response = await Write(sql.Insert(context.Relation, staging, columns)).ConfigureAwait(false);
                    break;
                case "delete+insert":
                    await Write(sql.DeleteMatching(context.Relation, staging, keys, predicates)).ConfigureAwait(false);
                    context.Response = await Write(sql.Insert(context.Relation, staging, columns)).ConfigureAwait(false);
                    break;
                default:
                    context.Response = await Write(sql.Insert(context.Relation, staging, columns)).ConfigureAwait(false);
                    break;
            }

            if (strategy is "merge" or "delete+insert")
            {
                await RecordWrittenKeysAsync(context, staging, keys, incoming).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        // Nothing written or deleted, by the strategy or the hooks, and the same columns: the model's data version stays,
        // so what reads it is still up to date. An unknown count (null) is a change.
        context.ContentsUnchanged = written == 0 && sameColumns && !context.HooksChangedRows;
        return window is null ? $"{strategy} into sql incremental model {context.DisplayName}"
            : $"{strategy} [{RunPartitionText(window.Start)}, {RunPartitionText(window.End)}) into sql incremental model {context.DisplayName}";
    }

    /// <summary>
    /// The merge's index on the unique key, made with the table: left to the first incremental run, it was built there
    /// over the whole history (0.46 s for fact_activity's 1,000,000 rows, 0.35 s for its routes' 660,000: bench/README.md),
    /// in the run a user waits for the day after a full one. Only when the table has the key's columns: without them the
    /// full build still succeeds, and the incremental run fails naming the missing column, as it did before.
    /// </summary>
    private static async Task CreateKeyIndexAsync(NodeContext context, string strategy, List<string> keys)
    {
        if (KeyIndex(context, strategy, keys) is not { } index)
        {
            return;
        }

        // As built now: DescribeAsync answers from the catalog read when the build started.
        var built = await context.Session.DescribeAsync(context.Relation, context.CancellationToken).ConfigureAwait(false);
        if (built is { Kind: RelationKind.Table } && keys.All(k => built.Columns.Any(c => c.Name == k)))
        {
            await context.ExecuteAsync(index).ConfigureAwait(false);
        }
    }

    /// <summary>The statement making the index a merge or a delete+insert looks rows up by; null for other strategies or where the warehouse has none.</summary>
    private static string? KeyIndex(NodeContext context, string strategy, List<string> keys) =>
        strategy is "merge" or "delete+insert" ? context.Statements.UniqueKeyIndex(context.Relation, keys) : null;

    /// <summary>The columns a merge updates: <c>merge_update_columns</c>, else every column but <c>merge_exclude_columns</c>; each must be one of the model's.</summary>
    private static List<string> UpdateColumns(NodeContext context, Core.Project.ModelConfig config, IReadOnlyList<string> columns)
    {
        var named = config.MergeUpdateColumns.IsDefaultOrEmpty ? config.MergeExcludeColumns : config.MergeUpdateColumns;
        var unknown = named.IsDefaultOrEmpty ? null : named.FirstOrDefault(c => !columns.Contains(c, StringComparer.Ordinal));
        if (unknown is not null)
        {
            var key = config.MergeUpdateColumns.IsDefaultOrEmpty ? "merge_exclude_columns" : "merge_update_columns";
            throw new NodeFailure($"{context.Node.RelativePath}: {key} names '{unknown}', which is not among the model's columns ({string.Join(", ", columns)})", badInput: true);
        }

        return !config.MergeUpdateColumns.IsDefaultOrEmpty ? [.. config.MergeUpdateColumns]
            : [.. columns.Where(c => config.MergeExcludeColumns.IsDefaultOrEmpty || !config.MergeExcludeColumns.Contains(c, StringComparer.Ordinal))];
    }

    /// <summary>
    /// Keeps the keys this run wrote, for the model's tests (<see cref="IncrementalTestScope"/>). Only keys whose text
    /// reads back as the same value in SQL (whole numbers, text, uuids), and only up to <see cref="WrittenRows.MaxKeys"/>.
    /// </summary>
    private static async Task RecordWrittenKeysAsync(NodeContext context, string staging, List<string> keys, IReadOnlyList<ColumnInfo> incoming)
    {
        var types = incoming.ToDictionary(c => c.Name, c => c.DataType.ToLowerInvariant(), StringComparer.Ordinal);
        if (!keys.All(k => types.TryGetValue(k, out var type) && (type is "integer" or "bigint" or "smallint" or "text" or "uuid" || type.StartsWith("character", StringComparison.Ordinal) || type.StartsWith("varchar", StringComparison.Ordinal) || type.StartsWith("number", StringComparison.Ordinal))))
        {
            return;
        }

        var dialect = context.Build.Warehouse.Dialect;
        var list = string.Join(", ", keys.Select(dialect.QuoteIdentifier));
        var rows = await context.QueryAsync($"select distinct {list} from {dialect.QuoteIdentifier(staging)} where {string.Join(" and ", keys.Select(k => $"{dialect.QuoteIdentifier(k)} is not null"))}", WrittenRows.MaxKeys + 1).ConfigureAwait(false);
        if (rows.Rows.Length <= WrittenRows.MaxKeys)
        {
            context.Build.IncrementalWrites[context.Node.UniqueId] = new WrittenRows(context.Relation, [.. keys], [.. rows.Rows.Select(r => r.Select(v => v!).ToImmutableArray())]);
        }
    }

    private static string RunPartitionText(DateTimeOffset instant) => RunPartition.Literal(instant);
}
