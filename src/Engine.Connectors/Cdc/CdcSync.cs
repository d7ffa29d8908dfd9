using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres;
using Npgsql;
using Npgsql.Replication;

namespace Engine.Connectors.Cdc;

/// <summary>
/// CDC from a staging database into the warehouse, in process: <c>engine sync</c> and the pipeline's sync step call
/// it. It sets the source up, takes the initial snapshot when the warehouse has none, then streams.
/// A full resync happens only on <see cref="CdcRequest.Reset"/> or when the warehouse never completed a snapshot;
/// a lost slot or lost changes are errors, never a silent resync.
/// </summary>
public static class CdcSync
{
    public static Task<CdcSummary> RunAsync(CdcRequest request, IProgress<string>? progress, CancellationToken cancellationToken) =>
        RunAsync(request, progress, drainAfter: null, cancellationToken);

    /// <summary>
    /// A sync that starts before the work it drains has ended (<c>engine run</c>: the extract). It connects, checks and
    /// starts streaming at once, so the server decodes the WAL written since the last sync (the last build's, mostly)
    /// while <paramref name="drainAfter"/> runs; the end marker is written, and changes applied, only once that task
    /// completes, so the drain still covers every change committed before it. Cancel to abandon it: nothing is applied.
    /// A reset and following wait for <paramref name="drainAfter"/> before they start; a first sync (no checkpoint yet),
    /// before it reads the tables, which the work it follows may still be creating.
    /// </summary>
    public static Task<CdcSummary> RunAsync(CdcRequest request, IProgress<string>? progress, Task? drainAfter, CancellationToken cancellationToken) =>
        StagingErrors.GuardAsync(request.SourceConnectionString, $"CDC from the staging database of source '{request.Settings.SourceName}'",
            () => RunUnguardedAsync(request, progress, drainAfter, cancellationToken));

    private static async Task<CdcSummary> RunUnguardedAsync(CdcRequest request, IProgress<string>? progress, Task? drainAfter, CancellationToken cancellationToken)
    {
        if (drainAfter is not null && (request.Mode != CdcMode.Drain || request.Reset))
        {
            await drainAfter.WaitAsync(cancellationToken).ConfigureAwait(false);
            drainAfter = null;
        }

        var settings = request.Settings;
        await using var source = new NpgsqlConnection(request.SourceConnectionString);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var senderTimeout = await SourceSetup.CheckServerAsync(source, settings, cancellationToken).ConfigureAwait(false);
        await using var sink = await request.Sink(cancellationToken).ConfigureAwait(false);

        var slot = await Slots.FindAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false);
        if (slot is null && await Slots.DatabaseOfAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false) is { } other)
        {
            throw new ProjectException(DiagnosticCodes.CdcConfig,
                $"replication slot '{settings.Slot}' already exists for database '{other}'; slot names are shared by the whole server: choose another 'slot'",
                settings.Location);
        }

        // A sync that was killed leaves its walsender until the server notices the closed socket: give it a moment.
        slot = await WaitInactiveAsync(source, settings, slot, cancellationToken).ConfigureAwait(false);

        if (slot is { Active: true })
        {
            throw new ResourceBusyException(DiagnosticCodes.CdcSlotInUse,
                $"{settings.Location}: replication slot '{settings.Slot}' is in use by server process {slot.ActivePid} (another 'engine sync --follow'?); stop it first");
        }

        if (request.Reset)
        {
            if (slot is not null)
            {
                await Slots.DropAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false);
                progress?.Report($"reset: dropped replication slot {settings.Slot}");
                slot = null;
            }

            await sink.ForgetAsync(settings.Slot, cancellationToken).ConfigureAwait(false);
        }

        var warning = LagWarning(settings, slot);
        if (warning is not null)
        {
            progress?.Report("warning: " + warning);
        }

        var checkpoint = await sink.ReadCheckpointAsync(settings.Slot, cancellationToken).ConfigureAwait(false);
        CheckContinuity(settings, slot, checkpoint);
        if (checkpoint is null && drainAfter is not null)
        {
            // A first sync reads tables the work it follows may still be creating, and its snapshot is its own work, not
            // set-up: it starts when its turn comes.
            await drainAfter.WaitAsync(cancellationToken).ConfigureAwait(false);
            drainAfter = null;
        }

        // The replication connection is a new server process of its own (not pooled): it starts while the catalog is read.
        var opening = OpenReplicationAsync(request.SourceConnectionString, senderTimeout, cancellationToken);
        ImmutableArray<SourceTable> tables;
        try
        {
            tables = await SourceSetup.TablesAsync(source, settings, progress, cancellationToken).ConfigureAwait(false);
            var absent = await SourceSetup.EnsurePublicationAsync(source, settings, tables, mayAdd: checkpoint is null, progress, cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null && absent.Length > 0)
            {
                throw new ProjectException(DiagnosticCodes.CdcTablesChanged,
                    $"{string.Join(", ", absent)} {(absent.Length == 1 ? "was" : "were")} added to source '{settings.SourceName}' after its initial snapshot; " +
                    "run 'engine sync --reset' to take a fresh snapshot that includes them",
                    settings.Location);
            }
        }
        catch
        {
            await DiscardAsync(opening).ConfigureAwait(false);
            throw;
        }

        await using var replication = await opening.ConfigureAwait(false);
        long snapshotRows = 0;
        var snapshotTaken = checkpoint is null;
        if (checkpoint is null)
        {
            if (slot is not null)
            {
                progress?.Report($"slot {settings.Slot} exists but the warehouse holds no completed snapshot for it (an interrupted first sync): dropping it and taking a fresh snapshot");
                await Slots.DropAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false);
            }

            (checkpoint, snapshotRows) = await Snapshot.TakeAsync(replication, request.SourceConnectionString, settings, tables, sink, progress, cancellationToken)
                .ConfigureAwait(false);
        }

        var from = checkpoint.Position.Value;
        // Values pass through in their binary form when the sink takes them and every column is of a type the warehouse
        // has as such (pgoutput's binary option: PostgreSQL 14 and later).
        var binary = sink.AcceptsBinary && source.PostgreSqlVersion.Major >= 14
            && await SourceCatalog.AllBuiltInAsync(source, tables.Select(t => t.Qualified), cancellationToken).ConfigureAwait(false);
        var stream = new ChangeStream(settings, tables, sink, source, checkpoint, progress, binary);
        var before = (Applied: CdcApplyCounts.None, Transactions: 0L);
        Heartbeat? heartbeat = null;
        try
        {
            ulong? stopAt = null;
            Func<CancellationToken, Task<ulong>>? realign = null;
            if (request.Mode == CdcMode.Drain)
            {
                if (drainAfter is not null)
                {
                    stream.StartReading(replication);
                    await drainAfter.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                var (logged, end) = await MarkEndAsync(source, cancellationToken).ConfigureAwait(false);
                stopAt = end;
                // When a transaction kept the restart point's slot waiting, a second try would wait as long, likely for nothing.
                realign = logged ? async token => (await MarkEndAsync(source, token).ConfigureAwait(false)).End : null;
            }
            else
            {
                heartbeat = new Heartbeat(request.SourceConnectionString, settings.HeartbeatInterval, () => stream.HasUncommitted);
            }

            try
            {
                await stream.RunAsync(replication, stopAt, realign, cancellationToken).ConfigureAwait(false);
            }
            catch (TextStreamRequiredException e)
            {
                // What was committed stays; the rest is streamed again, as text, from the last commit.
                progress?.Report($"{e.Message}: streaming as text from {stream.Checkpoint.Position}");
                await sink.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                before = stream.Committed;
                await replication.DisposeAsync().ConfigureAwait(false);
                await WaitInactiveAsync(source, settings, await Slots.FindAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false), cancellationToken)
                    .ConfigureAwait(false);
                await using var text = new LogicalReplicationConnection(PostgresConnectionString.WithoutTypeLoading(request.SourceConnectionString));
                await text.Open(cancellationToken).ConfigureAwait(false);
                stream = new ChangeStream(settings, tables, sink, source, stream.Checkpoint, progress, binary: false);
                await stream.RunAsync(text, stopAt, realign, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (request.Mode == CdcMode.Follow && cancellationToken.IsCancellationRequested)
        {
            // Following ends when interrupted; everything committed so far stays committed.
        }
        finally
        {
            if (heartbeat is not null)
            {
                await heartbeat.DisposeAsync().ConfigureAwait(false);
            }

            await stream.StopReadingAsync().ConfigureAwait(false);
            await sink.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new CdcSummary(
            settings.SourceName, settings.Slot, [.. tables.Select(t => t.Name)], snapshotRows, before.Applied.Add(stream.Applied), before.Transactions + stream.Transactions, from, stream.Checkpoint.Position.Value)
        {
            SnapshotTaken = snapshotTaken,
            BinaryValues = stream.Binary,
            Warnings = warning is null ? [] : [warning],
        };
    }

    /// <summary>A drain's end: a restart point (whether it was logged), then the end marker's position.</summary>
    private static async Task<(bool Logged, ulong End)> MarkEndAsync(NpgsqlConnection source, CancellationToken cancellationToken)
    {
        var logged = await RestartPoint.LogAsync(source, cancellationToken).ConfigureAwait(false);
        return (logged, await Heartbeat.EmitAsync(source, ChangeStream.MarkerPrefix, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The slot of <paramref name="request"/>'s source as the staging server shows it now, or null when it has none.</summary>
    public static Task<SlotInfo?> SlotAsync(CdcRequest request, CancellationToken cancellationToken) =>
        StagingErrors.GuardAsync(request.SourceConnectionString, $"CDC from the staging database of source '{request.Settings.SourceName}'", async () =>
        {
            await using var source = new NpgsqlConnection(request.SourceConnectionString);
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await Slots.FindAsync(source, request.Settings.Slot, cancellationToken).ConfigureAwait(false);
        });

    public static async Task<CdcStatus> StatusAsync(CdcSettings settings, string sourceConnectionString, Func<CancellationToken, Task<ICdcSink>> sinkFactory, CancellationToken cancellationToken)
    {
        await using var source = new NpgsqlConnection(sourceConnectionString);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var slot = await Slots.FindAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false);
        await using var sink = await sinkFactory(cancellationToken).ConfigureAwait(false);
        var checkpoint = await sink.ReadCheckpointAsync(settings.Slot, cancellationToken).ConfigureAwait(false);
        return new CdcStatus(settings, slot, checkpoint, LagWarning(settings, slot));
    }

    /// <summary>
    /// The stream is decoded from its bytes (PgOutputDecoder) and replication commands return text: no type query needed.
    /// The walsender ends a connection silent for longer than <paramref name="senderTimeout"/>. While the stream is read,
    /// its keepalives are answered; while reading waits (the read-ahead buffer full: the applier busy, or a sync started
    /// with the extract waiting for it), only Npgsql's timed status updates speak, every 10 s by default: a quarter of the
    /// timeout when that is shorter.
    /// </summary>
    private static async Task<LogicalReplicationConnection> OpenReplicationAsync(string sourceConnectionString, TimeSpan senderTimeout, CancellationToken cancellationToken)
    {
        var replication = new LogicalReplicationConnection(PostgresConnectionString.WithoutTypeLoading(sourceConnectionString));
        if (senderTimeout > TimeSpan.Zero && senderTimeout / 4 < replication.WalReceiverStatusInterval)
        {
            replication.WalReceiverStatusInterval = senderTimeout / 4 > TimeSpan.FromMilliseconds(100) ? senderTimeout / 4 : TimeSpan.FromMilliseconds(100);
        }

        try
        {
            await replication.Open(cancellationToken).ConfigureAwait(false);
            return replication;
        }
        catch
        {
            await replication.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes a replication connection opened for a sync that failed before using it; the failure reported is the sync's.</summary>
    private static async Task DiscardAsync(Task<LogicalReplicationConnection> opening)
    {
        try
        {
            await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
        }
    }

    private static async Task<SlotInfo?> WaitInactiveAsync(NpgsqlConnection source, CdcSettings settings, SlotInfo? slot, CancellationToken cancellationToken)
    {
        for (var wait = 0; slot is { Active: true } && wait < 50; wait++)
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            slot = await Slots.FindAsync(source, settings.Slot, cancellationToken).ConfigureAwait(false);
        }

        return slot;
    }

    private static string? LagWarning(CdcSettings settings, SlotInfo? slot) =>
        slot is { Active: false } && slot.LagBytes > settings.MaxLagWarningBytes
            ? $"inactive replication slot '{slot.Name}' holds back {SlotInfo.Bytes(slot.LagBytes)} of WAL not yet synced (more than max_lag_warning, {SlotInfo.Bytes(settings.MaxLagWarningBytes)}); " +
              "run 'engine sync' to let it advance, or drop it with 'engine sync --reset' if this source is no longer synced"
            : null;

    private static void CheckContinuity(CdcSettings settings, SlotInfo? slot, CdcCheckpoint? checkpoint)
    {
        if (checkpoint is null)
        {
            return;
        }

        if (slot is null)
        {
            throw new ProjectException(DiagnosticCodes.CdcSlotLost,
                $"replication slot '{settings.Slot}' no longer exists, but the warehouse has applied changes up to {checkpoint.Position.ToString()} from it; " +
                "the changes since then cannot be recovered. Run 'engine sync --reset' to take a fresh snapshot",
                settings.Location);
        }

        if (slot.WalStatus == "lost")
        {
            throw new ProjectException(DiagnosticCodes.CdcSlotLost,
                $"replication slot '{settings.Slot}' was invalidated by the server (its WAL exceeded max_slot_wal_keep_size); the changes since " +
                $"{checkpoint.Position.ToString()} cannot be recovered. Run 'engine sync --reset' to take a fresh snapshot",
                settings.Location);
        }

        if (slot.ConfirmedFlushLsn is { } confirmed && confirmed > checkpoint.Position.Value)
        {
            throw new ProjectException(DiagnosticCodes.CdcSlotLost,
                $"replication slot '{settings.Slot}' was advanced to {CdcLsn.Format(confirmed)}, past the {checkpoint.Position.ToString()} the warehouse has applied " +
                "(by another consumer?); changes in between are lost. Run 'engine sync --reset' to take a fresh snapshot",
                settings.Location);
        }
    }
}
