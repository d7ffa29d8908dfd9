namespace Engine.Warehouse.Cdc;

/// <summary>
/// Column names CDC adds to the warehouse tables. A source column of the same name is not replicated: the
/// metadata wins (staging's own <c>_extracted_at</c> becomes the commit time of the change that wrote the row).
/// </summary>
public static class CdcMetadata
{
    /// <summary>Source commit time of the change that last wrote the row (snapshot rows: the snapshot's time).</summary>
    public const string ExtractedAt = "_extracted_at";

    /// <summary>Commit LSN (<c>pg_lsn</c>) of that change.</summary>
    public const string Lsn = "_lsn";

    public const string Deleted = "_deleted";

    /// <summary>In the change log: insert, update, delete, truncate or snapshot.</summary>
    public const string Operation = "_operation";

    /// <summary>In the change log: the change's position inside its source transaction.</summary>
    public const string Sequence = "_seq";

    public const string ChangeLogSuffix = "_changes";

    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ExtractedAt, Lsn, Deleted, Operation, Sequence,
    };

    public static string OperationName(CdcOperation operation) => operation switch
    {
        CdcOperation.Insert => "insert",
        CdcOperation.Update => "update",
        CdcOperation.Delete => "delete",
        CdcOperation.Truncate => "truncate",
        _ => "snapshot",
    };
}
