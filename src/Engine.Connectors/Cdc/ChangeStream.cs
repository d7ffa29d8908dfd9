using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Engine.Warehouse.Cdc;
using Npgsql;
using Npgsql.Replication;
using NpgsqlTypes;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Applies the stream to the sink. Source transactions are applied whole: a warehouse transaction covers one or
/// more of them and ends with the checkpoint (the last commit's end LSN), and only after it commits is that
/// position confirmed to the source. Transactions at or below the checkpoint, which the source resends after a
/// crash between the two, are dropped by the reader: every change lands exactly once.
/// </summary>
internal sealed partial class ChangeStream
{
    public const string MarkerPrefix = "engine.sync";
    public const string HeartbeatPrefix = "engine.heartbeat";

    /// <summary>Changes buffered before they are written to the (still open) warehouse transaction; bounds memory.</summary>
    private const int FlushSize = 5_000;

    /// <summary>
    /// The first batch of a run is flushed sooner: until it is, the warehouse has nothing to write while the walsender
    /// decodes. In a sync of 100,000 changes the first COPY ended 131-184 ms after the tables were ready with 5,000, and
    /// 15-27 ms after with 500 (bench/README.md, cdc).
    /// </summary>
    private const int FirstFlushSize = 500;

    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConfirmationPatience = TimeSpan.FromSeconds(5);

    /// <summary>WAL decoded again at the next sync's start, beyond which a drain realigns the slot's restart position (about 50 ms of decoding).</summary>
    private const ulong RestartLagLimit = 16UL << 20;

    private readonly CdcSettings _settings;
    private readonly bool _binary;
    private readonly ICdcSink _sink;
    private readonly NpgsqlConnection _source;
    private readonly IProgress<string>? _progress;
    private readonly Dictionary<string, TableBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, RelationShape> _relations = [];
    private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stopReading = new();
    private CdcCheckpoint _checkpoint;
    private bool _open;
    private bool _stop;
    private bool _draining;
    private bool _atBoundary = true;
    private int _buffered;
    private bool _flushed;
    private int _uncommitted;
    private ulong _pendingLsn;
    private ulong _lsn;
    private DateTime _commitTime;
    private int _sequence;
    private Task? _reading;
    private ChannelReader<List<StreamEvent>>? _chunks;

    /// <param name="binary">
    /// Values stream in their binary form and reach the sink as <see cref="CdcBinaryChange"/>s; a relation whose
    /// columns are not all of their warehouse type then ends the stream with <see cref="TextStreamRequiredException"/>.
    /// </param>
    public ChangeStream(CdcSettings settings, ImmutableArray<SourceTable> tables, ICdcSink sink, NpgsqlConnection source, CdcCheckpoint checkpoint, IProgress<string>? progress, bool binary)
    {
        _settings = settings;
        _binary = binary;
        _sink = sink;
        _source = source;
        _checkpoint = checkpoint;
        _pendingLsn = checkpoint.Position.Value;
        _progress = progress;
        foreach (var table in tables)
        {
            _buffers[$"{table.Schema}.{table.Name}"] = new TableBuffer(table);
        }
    }

    public CdcApplyCounts Applied { get; private set; } = CdcApplyCounts.None;

    public long Transactions { get; private set; }

    public bool Binary => _binary;

    /// <summary>What <see cref="Applied"/> and <see cref="Transactions"/> were at the last warehouse commit.</summary>
    public (CdcApplyCounts Applied, long Transactions) Committed { get; private set; } = (CdcApplyCounts.None, 0);

    public CdcCheckpoint Checkpoint => _checkpoint;

    /// <summary>True while changes are applied but not yet committed: the heartbeat then closes the batch soon.</summary>
    public bool HasUncommitted => Volatile.Read(ref _uncommitted) > 0;

    /// <summary>
    /// Starts reading the stream into the read-ahead buffer without applying anything: the server decodes from the
    /// slot's restart position while the caller still has work to do (the extract a drain follows). Reading stops when the
    /// buffer is full, until <see cref="RunAsync"/> consumes it. Called by <see cref="RunAsync"/> when not called before.
    /// </summary>
    public void StartReading(LogicalReplicationConnection replication)
    {
        if (_reading is not null)
        {
            return;
        }

        replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(_checkpoint.Position.Value));
        var channel = Channel.CreateBounded<List<StreamEvent>>(
            new BoundedChannelOptions(StreamReader.ChunksAhead) { SingleReader = true, SingleWriter = true });
        var token = _stopReading.Token;
        _chunks = channel.Reader;
        _reading = Task.Run(
            async () =>
            {
                try
                {
                    await StreamReader.ReadAsync(replication, _settings, _checkpoint.Position.Value, _binary, channel.Writer, token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                }
            },
            CancellationToken.None);
    }

    /// <summary>Stops the reader <see cref="StartReading"/> started, if any; what it read and nobody applied is dropped.</summary>
    public async Task StopReadingAsync()
    {
        await _stopReading.CancelAsync().ConfigureAwait(false);
        if (_reading is { } reading)
        {
            await reading.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams until the transaction holding the logical message at <paramref name="stopAt"/> is applied (drain), or
    /// until cancelled (follow, <paramref name="stopAt"/> null).
    /// </summary>
    /// <param name="realign">
    /// For a drain: when, once its end is confirmed, the slot's restart position still lags far behind, this logs a
    /// new restart point and returns a new end marker, and the drain goes on to it (once). See <see cref="RestartLags"/>.
    /// </param>
    public async Task RunAsync(LogicalReplicationConnection replication, ulong? stopAt, Func<CancellationToken, Task<ulong>>? realign, CancellationToken cancellationToken)
    {
        _draining = stopAt is not null;
        StartReading(replication);
        try
        {
            await foreach (var chunk in _chunks!.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in chunk)
                {
                    await HandleAsync(replication, item, stopAt, cancellationToken).ConfigureAwait(false);
                    if (_stop && _atBoundary)
                    {
                        var slot = await AwaitConfirmationAsync(replication, cancellationToken).ConfigureAwait(false);
                        if (realign is not null && RestartLags(slot))
                        {
                            stopAt = await realign(cancellationToken).ConfigureAwait(false);
                            realign = null;
                            _stop = false;
                            continue;
                        }

                        return;
                    }
                }

            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _atBoundary && _open && stopAt is null)
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
        finally
        {
            await StopReadingAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(LogicalReplicationConnection replication, StreamEvent item, ulong? stopAt, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case BeginEvent begin:
                _atBoundary = false;
                _lsn = begin.FinalLsn;
                _commitTime = begin.CommitTimeUtc;
                _sequence = 0;
                await OpenAsync(cancellationToken).ConfigureAwait(false);
                break;
            case RelationEvent relation:
                await OpenAsync(cancellationToken).ConfigureAwait(false);
                await OnRelationAsync(relation, cancellationToken).ConfigureAwait(false);
                break;
            case RowEvent row:
                await AddAsync(row, cancellationToken).ConfigureAwait(false);
                break;
            case TruncateEvent truncate:
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                foreach (var id in truncate.RelationIds)
                {
                    if (_relations.TryGetValue(id, out var shape))
                    {
                        await PrepareAsync(_buffers[shape.Table], cancellationToken).ConfigureAwait(false);
                        await _sink.TruncateAsync(_buffers[shape.Table].Table.Warehouse, new CdcPosition(_lsn), ++_sequence, _commitTime, cancellationToken).ConfigureAwait(false);
                        _uncommitted++;
                    }
                }

                break;
            case MarkerEvent marker when stopAt is { } target && marker.Lsn >= target:
                _stop = true;
                break;
            case CommitEvent commit:
                _atBoundary = true;
                Transactions++;
                _pendingLsn = commit.EndLsn;
                if (_stop || _uncommitted >= _settings.BatchSize || _sinceCommit.Elapsed >= CommitInterval)
                {
                    await CommitAsync(replication, commit.EndLsn, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_open)
        {
            return;
        }

        await _sink.BeginAsync(cancellationToken).ConfigureAwait(false);
        _open = true;
    }

    /// <summary>
    /// Prepares a table in the sink before its first change (or truncate) of the run: tables, added columns and the
    /// sink's staging outlive the transactions, and a sync that brings nothing for a table does not pay for them.
    /// </summary>
    private async Task PrepareAsync(TableBuffer buffer, CancellationToken cancellationToken)
    {
        if (!buffer.Prepared)
        {
            await _sink.PrepareTableAsync(buffer.Table.Warehouse, recreate: false, cancellationToken).ConfigureAwait(false);
            buffer.Prepared = true;
        }
    }

    private async Task CommitAsync(LogicalReplicationConnection replication, ulong end, CancellationToken cancellationToken)
    {
        end = Math.Max(end, _checkpoint.Position.Value);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = _checkpoint with { Position = new CdcPosition(end) };
        // A drain leaves the current states to its last commit; following, every commit leaves them up to date.
        if (_draining && !_stop)
        {
            await _sink.CommitDeferredAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _sink.CommitAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        _checkpoint = checkpoint;
        Committed = (Applied, Transactions);
        _open = false;
        Volatile.Write(ref _uncommitted, 0);
        _sinceCommit.Restart();

        // Only now, with the rows and the checkpoint committed, may the source recycle the WAL behind it.
        replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(end));
        await replication.SendStatusUpdate(cancellationToken).ConfigureAwait(false);
        if (_sinceProgress.Elapsed >= ProgressInterval)
        {
            _sinceProgress.Restart();
            _progress?.Report($"applied {Applied.Inserted} inserts, {Applied.Updated} updates, {Applied.Deleted} deletes; at {CdcLsn.Format(end)}");
        }
    }

    /// <summary>
    /// Waits, briefly, until the slot shows the last confirmed position. The walsender reads status updates when it gets
    /// to them, and closing the connection right after sending one can reset the socket before the server has read it
    /// (data the server streamed and we did not read turns our close into a reset); the slot would then hold this run's
    /// WAL until the next sync and look lagging to <c>engine status</c>. Nothing is lost either way: the warehouse's
    /// checkpoint, not the slot, is where the next sync starts.
    /// </summary>
    /// <returns>The slot as last seen; null when it was not seen confirmed in time.</returns>
    private async Task<SlotInfo?> AwaitConfirmationAsync(LogicalReplicationConnection replication, CancellationToken cancellationToken)
    {
        var target = _checkpoint.Position.Value;
        var waited = Stopwatch.StartNew();
        var lastSent = Stopwatch.StartNew();
        var pause = 1;
        while (waited.Elapsed < ConfirmationPatience)
        {
            var slot = await Slots.FindAsync(_source, _settings.Slot, cancellationToken).ConfigureAwait(false);
            if (slot?.ConfirmedFlushLsn is not { } confirmed || confirmed >= target)
            {
                return slot;
            }

            if (lastSent.Elapsed >= TimeSpan.FromSeconds(1))
            {
                await replication.SendStatusUpdate(cancellationToken).ConfigureAwait(false);
                lastSent.Restart();
            }

            // Back off from 1 ms rather than pause a fixed 20 ms: a look that came just too early no longer costs a whole
            // 20 ms, and a slow server is still not polled hard.
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Math.Min(pause * 2, 20);
        }

        return null;
    }

    /// <summary>
    /// Whether the slot's restart position lags its confirmed one by more than <see cref="RestartLagLimit"/>. PostgreSQL
    /// keeps one candidate restart position at a time: the first running-transactions record decoded past the confirmed
    /// position, which a drain confirms only at its end. When the drain read much WAL of other work (a build in the
    /// warehouse on the same server, a vacuum), that candidate is near its start, the restart point logged just before
    /// the end marker was not taken, and the next sync decoded all of that WAL a second time: 1.3 s for 570 MB.
    /// Once this confirmation is applied the candidate is free, and a restart point logged now is taken.
    /// </summary>
    private static bool RestartLags(SlotInfo? slot) =>
        slot is { RestartLsn: { } restart, ConfirmedFlushLsn: { } confirmed } && confirmed > restart && confirmed - restart > RestartLagLimit;

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var buffer in _buffers.Values.Where(b => b.Count > 0))
        {
            var applied = _binary
                ? await _sink.ApplyBinaryAsync(buffer.Table.Warehouse, buffer.Changes, cancellationToken).ConfigureAwait(false)
                : await _sink.ApplyAsync(buffer.Table.Warehouse, buffer.TextChanges(), cancellationToken).ConfigureAwait(false);
            Applied = Applied.Add(applied);
            buffer.Clear();
        }

        _flushed |= _buffered > 0;
        _buffered = 0;
    }

    private async Task AddAsync(RowEvent row, CancellationToken cancellationToken)
    {
        if (!_relations.TryGetValue(row.RelationId, out var shape))
        {
            return; // a table of the publication that this source does not replicate (someone else added it)
        }

        var buffer = _buffers[shape.Table];
        await PrepareAsync(buffer, cancellationToken).ConfigureAwait(false);
        var width = buffer.Table.Warehouse.Columns.Length;
        var values = new ReadOnlyMemory<byte>?[width];
        bool[]? unchanged = null;
        foreach (var missing in shape.Missing)
        {
            (unchanged ??= new bool[width])[missing] = true;
        }

        for (var i = 0; i < row.Values.Length && i < shape.Map.Length; i++)
        {
            var target = shape.Map[i];
            if (target < 0)
            {
                continue;
            }

            if (row.Toasted is { } toasted && toasted[i] || (row.KeyOnly && row.Values[i] is null && !shape.IsKey[target]))
            {
                (unchanged ??= new bool[width])[target] = true;
            }
            else
            {
                values[target] = row.Values[i];
            }
        }

        buffer.Add(row.Operation, _lsn, ++_sequence, _commitTime, values, unchanged);
        _uncommitted++;
        if (++_buffered >= (_flushed ? FlushSize : FirstFlushSize))
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
