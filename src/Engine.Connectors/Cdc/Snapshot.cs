using System.Collections.Immutable;
using System.Data;
using System.Runtime.CompilerServices;
using Engine.Warehouse.Cdc;
using Npgsql;
using Npgsql.Replication;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The initial copy. The slot is created with an exported snapshot, and every table is read inside that snapshot,
/// so the copy shows exactly the transactions before the slot's starting point and the stream brings every one
/// after it: nothing missed, nothing twice. Rows stream from the source into the sink, never held in memory.
/// </summary>
internal static class Snapshot
{
    public static async Task<(CdcCheckpoint Checkpoint, long Rows)> TakeAsync(
        LogicalReplicationConnection replication,
        string sourceConnectionString,
        CdcSettings settings,
        ImmutableArray<SourceTable> tables,
        ICdcSink sink,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var slot = await replication.CreatePgOutputReplicationSlot(
            settings.Slot, temporarySlot: false, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: cancellationToken).ConfigureAwait(false);
        var lsn = (ulong)slot.ConsistentPoint;
        progress?.Report($"created replication slot {settings.Slot} at {CdcLsn.Format(lsn)}; copying {tables.Length} table{(tables.Length == 1 ? string.Empty : "s")}");

        await using var source = new NpgsqlConnection(sourceConnectionString);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await source.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await SourceCatalog.ExecuteAsync(source, $"SET TRANSACTION SNAPSHOT '{slot.SnapshotName}'", cancellationToken).ConfigureAwait(false);
        var takenAt = await SourceCatalog.ScalarAsync<DateTime>(source, "SELECT now()", cancellationToken).ConfigureAwait(false);

        long total = 0;
        await sink.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            await sink.PrepareTableAsync(table.Warehouse, recreate: true, cancellationToken).ConfigureAwait(false);
            var rows = await sink.LoadSnapshotAsync(table.Warehouse, RowsAsync(source, table, cancellationToken), new CdcPosition(lsn), takenAt, cancellationToken).ConfigureAwait(false);

            total += rows;
            progress?.Report($"copied {rows} rows of {table.Schema}.{table.Name} into {settings.WarehouseSchema}.{table.Name}");
        }

        var checkpoint = new CdcCheckpoint(settings.Slot, new CdcPosition(lsn), new CdcPosition(lsn), takenAt);
        await sink.CommitAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (checkpoint, total);
    }

    /// <summary>
    /// The table's rows inside the snapshot, streamed, each value as text (cast to text here, so every type arrives
    /// the same way, and as the change stream sends values): the sink's neutral row format.
    /// </summary>
    private static async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(
        NpgsqlConnection source, SourceTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Warehouse.Columns.Select(c => $"{SourceTable.Quote(c.Name)}::text"));
        await using var command = new NpgsqlCommand($"SELECT {columns} FROM {table.Qualified}", source);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(i);
            }

            yield return row;
        }
    }
}
