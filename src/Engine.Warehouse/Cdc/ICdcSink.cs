namespace Engine.Warehouse.Cdc;

/// <summary>
/// Where CDC writes: the current state of each table (deleted rows kept with <c>_deleted = true</c>), its
/// append-only change log, and the checkpoint. The replication side knows only this interface, so another
/// warehouse plugs in without touching it.
/// <para>
/// Everything between <see cref="BeginAsync"/> and <see cref="CommitAsync"/> is one warehouse transaction, and
/// the checkpoint is written inside it: a crash anywhere before the commit leaves the warehouse as it was.
/// </para>
/// </summary>
public interface ICdcSink : IAsyncDisposable
{
    /// <summary>The checkpoint of <paramref name="slot"/>, or null when no snapshot was ever completed for it.</summary>
    Task<CdcCheckpoint?> ReadCheckpointAsync(string slot, CancellationToken cancellationToken);

    Task BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the table and its change log when missing (dropping them first when <paramref name="recreate"/>), and
    /// adds any column of <paramref name="table"/> the warehouse does not have yet. Columns are never dropped.
    /// </summary>
    Task PrepareTableAsync(CdcTable table, bool recreate, CancellationToken cancellationToken);

    /// <summary>
    /// Loads the initial snapshot of a table from <paramref name="rows"/>, streamed: each row's values in the column
    /// order of <paramref name="table"/>, as text (null for SQL null), the way <see cref="CdcChange.Values"/> carries
    /// them. Every row is also logged as a <see cref="CdcOperation.Snapshot"/> change.
    /// </summary>
    Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken);

    /// <summary>Applies changes of one table, in order, set-based.</summary>
    Task<CdcApplyCounts> ApplyAsync(CdcTable table, IReadOnlyList<CdcChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// True when the sink takes <see cref="CdcBinaryChange"/>s through <see cref="ApplyBinaryAsync"/>: the source then
    /// streams values in their binary form, for tables whose columns all have the warehouse type of their source type.
    /// </summary>
    bool AcceptsBinary => false;

    /// <summary>As <see cref="ApplyAsync"/>, with the values in their binary form.</summary>
    Task<CdcApplyCounts> ApplyBinaryAsync(CdcTable table, IReadOnlyList<CdcBinaryChange> changes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this sink takes changes as text only");

    /// <summary>A source TRUNCATE: every current row is marked deleted and the change log records it.</summary>
    Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the checkpoint and commits everything since <see cref="BeginAsync"/>; every table's current state then
    /// holds every change committed so far, including those <see cref="CommitDeferredAsync"/> left to apply.
    /// </summary>
    Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="CommitAsync"/>, except that the sink may leave current states behind their change logs, to apply
    /// them at a later <see cref="CommitAsync"/> (in a later sync, when this one is killed): a drain calls it for every
    /// commit but its last, so a sink can apply a backlog's changes of one key once.
    /// </summary>
    Task CommitDeferredAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken) => CommitAsync(checkpoint, cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the checkpoint of <paramref name="slot"/> (for a reset); the tables are recreated by the next snapshot.</summary>
    Task ForgetAsync(string slot, CancellationToken cancellationToken);
}
