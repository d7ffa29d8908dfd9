using System.Collections.Immutable;
using System.Data;
using Engine.Warehouse.Cdc;
using Npgsql;
using Npgsql.Replication;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The initial copy. The slot is created with an exported snapshot, and every table is read inside that snapshot,
/// so the copy shows exactly the transactions before the slot's starting point and the stream brings every one
/// after it: nothing missed, nothing twice. Rows stream from COPY TO into the sink, never held in memory.
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
            var columns = string.Join(", ", table.Warehouse.Columns.Select(c => SourceTable.Quote(c.Name)));
            long rows;
            using (var reader = await source.BeginTextExportAsync($"COPY (SELECT {columns} FROM {table.Qualified}) TO STDOUT", cancellationToken).ConfigureAwait(false))
            {
                rows = await sink.LoadSnapshotAsync(table.Warehouse, reader, lsn, takenAt, cancellationToken).ConfigureAwait(false);
            }

            total += rows;
            progress?.Report($"copied {rows} rows of {table.Schema}.{table.Name} into {settings.WarehouseSchema}.{table.Name}");
        }

        var checkpoint = new CdcCheckpoint(settings.Slot, lsn, lsn, takenAt);
        await sink.CommitAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (checkpoint, total);
    }
}
