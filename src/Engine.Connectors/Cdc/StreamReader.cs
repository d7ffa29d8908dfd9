using System.Threading.Channels;
using Engine.Warehouse.Cdc;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Reads the pgoutput stream and hands each message, copied into a <see cref="StreamEvent"/>, to the applier in
/// chunks through a bounded channel: the reader never runs more than a few thousand rows ahead, so memory stays
/// flat whatever the backlog. Transactions the warehouse already has are dropped here.
/// </summary>
internal static class StreamReader
{
    public const int ChunkSize = 512;
    public const int ChunksAhead = 8;

    public static async Task ReadAsync(
        LogicalReplicationConnection replication,
        CdcSettings settings,
        ulong startLsn,
        ChannelWriter<List<StreamEvent>> output,
        CancellationToken cancellationToken)
    {
        var options = new PgOutputReplicationOptions(settings.Publication, PgOutputProtocolVersion.V1, binary: false, messages: true);
        var chunk = new List<StreamEvent>(ChunkSize);
        var skip = false;
        await foreach (var message in replication.StartReplication(
                           new PgOutputReplicationSlot(settings.Slot), options, cancellationToken, new NpgsqlLogSequenceNumber(startLsn)).ConfigureAwait(false))
        {
            StreamEvent? item = null;
            switch (message)
            {
                case BeginMessage begin:
                    // Resent after a crash between the warehouse commit and the confirmation: already applied.
                    skip = (ulong)begin.TransactionFinalLsn < startLsn;
                    item = skip ? null : new BeginEvent((ulong)begin.TransactionFinalLsn, begin.TransactionCommitTimestamp);
                    break;
                case CommitMessage commit:
                    item = skip ? null : new CommitEvent((ulong)commit.TransactionEndLsn);
                    skip = false;
                    break;
                case RelationMessage relation:
                    item = new RelationEvent(
                        relation.RelationId,
                        relation.Namespace,
                        relation.RelationName,
                        [.. relation.Columns.Select(c => new RelationColumn(c.ColumnName, c.DataTypeId, c.TypeModifier))]);
                    break;
                case InsertMessage insert when !skip:
                    item = await RowAsync(CdcOperation.Insert, insert.Relation.RelationId, insert.NewRow, keyOnly: false, cancellationToken).ConfigureAwait(false);
                    break;
                case IndexUpdateMessage { Key: { } key } update when !skip:
                    // The key itself changed: the old key is deleted, the new one written.
                    chunk.Add(await RowAsync(CdcOperation.Delete, update.Relation.RelationId, key, keyOnly: true, cancellationToken).ConfigureAwait(false));
                    item = await RowAsync(CdcOperation.Insert, update.Relation.RelationId, update.NewRow, keyOnly: false, cancellationToken).ConfigureAwait(false);
                    break;
                case FullUpdateMessage full when !skip:
                    await SkipAsync(full.OldRow, cancellationToken).ConfigureAwait(false);
                    item = await RowAsync(CdcOperation.Update, full.Relation.RelationId, full.NewRow, keyOnly: false, cancellationToken).ConfigureAwait(false);
                    break;
                case UpdateMessage update when !skip:
                    item = await RowAsync(CdcOperation.Update, update.Relation.RelationId, update.NewRow, keyOnly: false, cancellationToken).ConfigureAwait(false);
                    break;
                case KeyDeleteMessage delete when !skip:
                    item = await RowAsync(CdcOperation.Delete, delete.Relation.RelationId, delete.Key, keyOnly: true, cancellationToken).ConfigureAwait(false);
                    break;
                case FullDeleteMessage delete when !skip:
                    item = await RowAsync(CdcOperation.Delete, delete.Relation.RelationId, delete.OldRow, keyOnly: false, cancellationToken).ConfigureAwait(false);
                    break;
                case TruncateMessage truncate when !skip:
                    item = new TruncateEvent([.. truncate.Relations.Select(r => r.RelationId)]);
                    break;
                case LogicalDecodingMessage { Prefix: ChangeStream.MarkerPrefix } marker when !skip:
                    item = new MarkerEvent((ulong)marker.MessageLsn);
                    break;
            }

            if (item is not null)
            {
                chunk.Add(item);
            }

            // A commit is handed over at once, so the applier can close a batch without waiting for more traffic.
            if (chunk.Count >= ChunkSize || (item is CommitEvent && chunk.Count > 0))
            {
                await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                chunk = new List<StreamEvent>(ChunkSize);
            }
        }
    }

    private static async Task<RowEvent> RowAsync(CdcOperation operation, uint relationId, ReplicationTuple tuple, bool keyOnly, CancellationToken cancellationToken)
    {
        var values = new string?[tuple.NumColumns];
        bool[]? toasted = null;
        var i = 0;
        await foreach (var value in tuple.ConfigureAwait(false))
        {
            switch (value.Kind)
            {
                case TupleDataKind.UnchangedToastedValue:
                    (toasted ??= new bool[values.Length])[i] = true;
                    break;
                case TupleDataKind.TextValue:
                case TupleDataKind.BinaryValue:
                    values[i] = await value.Get<string>(cancellationToken).ConfigureAwait(false);
                    break;
            }

            i++;
        }

        return new RowEvent(operation, relationId, values, toasted, keyOnly);
    }

    private static async Task SkipAsync(ReplicationTuple tuple, CancellationToken cancellationToken)
    {
        await foreach (var value in tuple.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            _ = value;
        }
    }
}
