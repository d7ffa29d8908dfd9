namespace Engine.Connectors.Cdc;

/// <summary>
/// A replication slot as <c>pg_replication_slots</c> shows it. <paramref name="RetainedBytes"/> is the WAL the
/// slot keeps on disk (from <c>restart_lsn</c>); <paramref name="LagBytes"/> is how far the warehouse is behind
/// the server's current position (from <c>confirmed_flush_lsn</c>).
/// </summary>
public sealed record SlotInfo(
    string Name,
    string Plugin,
    bool Active,
    int? ActivePid,
    ulong? RestartLsn,
    ulong? ConfirmedFlushLsn,
    ulong CurrentLsn,
    long RetainedBytes,
    long LagBytes,
    string? WalStatus)
{
    /// <summary>A number of bytes as a person reads it (kB, MB, GB).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F1} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):F1} kB",
        _ => $"{bytes} bytes",
    };
}
