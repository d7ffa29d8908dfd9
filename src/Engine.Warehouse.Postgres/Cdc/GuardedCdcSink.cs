using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// The sink as the CDC side sees it: every Npgsql failure comes out as the neutral
/// <see cref="WarehouseStatementException"/> or <see cref="WarehouseConnectionException"/>, naming the warehouse.
/// </summary>
internal sealed class GuardedCdcSink(PostgresCdcSink inner, string connectionString, string what) : ICdcSink
{
    public Task<CdcCheckpoint?> ReadCheckpointAsync(string slot, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.ReadCheckpointAsync(slot, cancellationToken));

    public Task BeginAsync(CancellationToken cancellationToken) => GuardAsync(() => inner.BeginAsync(cancellationToken));

    public Task PrepareTableAsync(CdcTable table, bool recreate, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.PrepareTableAsync(table, recreate, cancellationToken));

    public Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.LoadSnapshotAsync(table, rows, position, takenAtUtc, cancellationToken));

    public Task<CdcApplyCounts> ApplyAsync(CdcTable table, IReadOnlyList<CdcChange> changes, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.ApplyAsync(table, changes, cancellationToken));

    public bool AcceptsBinary => inner.AcceptsBinary;

    public Task<CdcApplyCounts> ApplyBinaryAsync(CdcTable table, IReadOnlyList<CdcBinaryChange> changes, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.ApplyBinaryAsync(table, changes, cancellationToken));

    public Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.TruncateAsync(table, position, sequence, commitTimeUtc, cancellationToken));

    public Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken) => GuardAsync(() => inner.CommitAsync(checkpoint, cancellationToken));

    public Task CommitDeferredAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken) =>
        GuardAsync(() => inner.CommitDeferredAsync(checkpoint, cancellationToken));

    public Task RollbackAsync(CancellationToken cancellationToken) => GuardAsync(() => inner.RollbackAsync(cancellationToken));

    public Task ForgetAsync(string slot, CancellationToken cancellationToken) => GuardAsync(() => inner.ForgetAsync(slot, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task GuardAsync(Func<Task> action) => await GuardAsync(async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PostgresException e) when (!PostgresErrors.IsConnectionFailure(e))
        {
            throw PostgresErrors.Statement(e, e.BatchCommand?.CommandText ?? string.Empty);
        }
        catch (Exception e) when (PostgresErrors.IsConnectionFailure(e) || e is ObjectDisposedException)
        {
            throw PostgresErrors.Connection(e, connectionString, what);
        }
    }
}
