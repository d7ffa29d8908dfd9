using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Warehouse.Cdc;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Streams pgoutput changes from the slot into the sink. Source transactions are applied whole: a warehouse
/// transaction covers one or more of them and ends with the checkpoint (the last commit's end LSN), and only
/// after it commits is that position confirmed to the source. Transactions at or below the checkpoint, which the
/// source resends after a crash between the two, are skipped: every change lands exactly once.
/// </summary>
internal sealed partial class ChangeStream
{
    public const string MarkerPrefix = "engine.sync";
    public const string HeartbeatPrefix = "engine.heartbeat";

    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly CdcSettings _settings;
    private readonly ICdcSink _sink;
    private readonly NpgsqlConnection _source;
    private readonly IProgress<string>? _progress;
    private readonly Dictionary<string, TableBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, RelationShape> _relations = [];
    private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private CdcCheckpoint _checkpoint;
    private bool _open;
    private bool _prepared;
    private int _buffered;
    private int _uncommitted;
    private ulong _pendingLsn;

    public ChangeStream(CdcSettings settings, ImmutableArray<SourceTable> tables, ICdcSink sink, NpgsqlConnection source, CdcCheckpoint checkpoint, IProgress<string>? progress)
    {
        _settings = settings;
        _sink = sink;
        _source = source;
        _checkpoint = checkpoint;
        _progress = progress;
        foreach (var table in tables)
        {
            _buffers[$"{table.Schema}.{table.Name}"] = new TableBuffer(table);
        }
    }

    public CdcApplyCounts Applied { get; private set; } = CdcApplyCounts.None;

    public long Transactions { get; private set; }

    public CdcCheckpoint Checkpoint => _checkpoint;

    /// <summary>True while changes are applied but not yet committed: the heartbeat then closes the batch soon.</summary>
    public bool HasUncommitted => Volatile.Read(ref _uncommitted) > 0;

    /// <summary>
    /// Streams until the transaction holding the logical message at <paramref name="stopAt"/> is applied (drain), or
    /// until cancelled (follow, <paramref name="stopAt"/> null).
    /// </summary>
    public async Task RunAsync(LogicalReplicationConnection replication, ulong? stopAt, CancellationToken cancellationToken)
    {
        var start = new NpgsqlLogSequenceNumber(_checkpoint.Lsn);
        replication.SetReplicationStatus(start);
        var options = new PgOutputReplicationOptions(_settings.Publication, PgOutputProtocolVersion.V1, binary: false, messages: true);
        var skip = false;
        var stop = false;
        var atBoundary = true;
        ulong lsn = 0;
        var commitTime = default(DateTime);
        var sequence = 0;
        try
        {
            await foreach (var message in replication.StartReplication(new PgOutputReplicationSlot(_settings.Slot), options, cancellationToken, start)
                               .ConfigureAwait(false))
            {
                switch (message)
                {
                    case BeginMessage begin:
                        atBoundary = false;
                        lsn = (ulong)begin.TransactionFinalLsn;
                        skip = lsn < _checkpoint.Lsn;
                        commitTime = begin.TransactionCommitTimestamp;
                        sequence = 0;
                        if (!skip)
                        {
                            await OpenAsync(cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case RelationMessage relation:
                        await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await OnRelationAsync(relation, cancellationToken).ConfigureAwait(false);
                        break;
                    case InsertMessage insert when !skip:
                        await AddAsync(CdcOperation.Insert, insert.Relation.RelationId, insert.NewRow, keyOnly: false, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case IndexUpdateMessage { Key: { } key } update when !skip:
                        // The key itself changed: the old key is deleted, the new one written.
                        await AddAsync(CdcOperation.Delete, update.Relation.RelationId, key, keyOnly: true, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        await AddAsync(CdcOperation.Insert, update.Relation.RelationId, update.NewRow, keyOnly: false, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case FullUpdateMessage full when !skip:
                        await DrainTupleAsync(full.OldRow, cancellationToken).ConfigureAwait(false);
                        await AddAsync(CdcOperation.Update, full.Relation.RelationId, full.NewRow, keyOnly: false, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case UpdateMessage update when !skip:
                        await AddAsync(CdcOperation.Update, update.Relation.RelationId, update.NewRow, keyOnly: false, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case KeyDeleteMessage delete when !skip:
                        await AddAsync(CdcOperation.Delete, delete.Relation.RelationId, delete.Key, keyOnly: true, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case FullDeleteMessage delete when !skip:
                        await AddAsync(CdcOperation.Delete, delete.Relation.RelationId, delete.OldRow, keyOnly: false, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                        break;
                    case TruncateMessage truncate when !skip:
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                        foreach (var relation in truncate.Relations)
                        {
                            if (_relations.TryGetValue(relation.RelationId, out var shape))
                            {
                                await _sink.TruncateAsync(_buffers[shape.Table].Table.Warehouse, lsn, ++sequence, commitTime, cancellationToken).ConfigureAwait(false);
                                _uncommitted++;
                            }
                        }

                        break;
                    case LogicalDecodingMessage { Prefix: MarkerPrefix } marker when stopAt is { } target && (ulong)marker.MessageLsn >= target:
                        stop = true;
                        break;
                    case CommitMessage commit:
                        atBoundary = true;
                        if (skip)
                        {
                            skip = false;
                            break;
                        }

                        Transactions++;
                        var end = (ulong)commit.TransactionEndLsn;
                        if (stop || _uncommitted >= _settings.BatchSize || _sinceCommit.Elapsed >= CommitInterval)
                        {
                            await CommitAsync(replication, end, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            _pendingLsn = end;
                        }

                        break;
                }

                if (stop && atBoundary)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && atBoundary && _open && stopAt is null)
        {
            // Interrupted between source transactions: what is applied is whole, so keep it. A failure here loses
            // nothing: the transaction rolls back, or the position is confirmed at the next start.
            try
            {
                await CommitAsync(replication, _pendingLsn, CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
            }

            throw;
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_open)
        {
            return;
        }

        await _sink.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (!_prepared)
        {
            // Once per run: tables, added columns and the sink's staging tables outlive the transactions.
            foreach (var buffer in _buffers.Values)
            {
                await _sink.PrepareTableAsync(buffer.Table.Warehouse, recreate: false, cancellationToken).ConfigureAwait(false);
            }

            _prepared = true;
        }

        _open = true;
    }

    private async Task CommitAsync(LogicalReplicationConnection replication, ulong end, CancellationToken cancellationToken)
    {
        end = Math.Max(end, _checkpoint.Lsn);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = _checkpoint with { Lsn = end };
        await _sink.CommitAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        _checkpoint = checkpoint;
        _open = false;
        Volatile.Write(ref _uncommitted, 0);
        _pendingLsn = end;
        _sinceCommit.Restart();

        // Only now, with the rows and the checkpoint committed, may the source recycle the WAL behind it.
        var position = new NpgsqlLogSequenceNumber(end);
        replication.SetReplicationStatus(position);
        await replication.SendStatusUpdate(cancellationToken).ConfigureAwait(false);
        if (_sinceProgress.Elapsed >= ProgressInterval)
        {
            _sinceProgress.Restart();
            _progress?.Report($"applied {Applied.Inserted} inserts, {Applied.Updated} updates, {Applied.Deleted} deletes; at {CdcLsn.Format(end)}");
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var buffer in _buffers.Values.Where(b => b.Count > 0))
        {
            Applied = Applied.Add(await _sink.ApplyAsync(buffer.Table.Warehouse, buffer.Changes, cancellationToken).ConfigureAwait(false));
            buffer.Clear();
        }

        _buffered = 0;
    }

    private async Task AddAsync(
        CdcOperation operation, uint relationId, ReplicationTuple tuple, bool keyOnly, ulong lsn, int sequence, DateTime commitTime, CancellationToken cancellationToken)
    {
        if (!_relations.TryGetValue(relationId, out var shape))
        {
            // A table of the publication that this source does not replicate (someone else added it).
            await DrainTupleAsync(tuple, cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = _buffers[shape.Table];
        var width = buffer.Table.Warehouse.Columns.Length;
        var values = new string?[width];
        bool[]? unchanged = null;
        foreach (var missing in shape.Missing)
        {
            (unchanged ??= new bool[width])[missing] = true;
        }

        var position = 0;
        await foreach (var value in tuple.ConfigureAwait(false))
        {
            var target = shape.Map[position++];
            if (target < 0)
            {
                continue;
            }

            switch (value.Kind)
            {
                case TupleDataKind.Null when keyOnly && !shape.IsKey[target]:
                case TupleDataKind.UnchangedToastedValue:
                    (unchanged ??= new bool[width])[target] = true;
                    break;
                case TupleDataKind.Null:
                    break;
                default:
                    values[target] = await value.Get<string>(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        buffer.Add(operation, lsn, sequence, commitTime, values, unchanged);
        _uncommitted++;
        if (++_buffered >= _settings.BatchSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DrainTupleAsync(ReplicationTuple tuple, CancellationToken cancellationToken)
    {
        await foreach (var value in tuple.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            _ = value;
        }
    }
}
