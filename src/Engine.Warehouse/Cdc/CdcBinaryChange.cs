namespace Engine.Warehouse.Cdc;

/// <summary>
/// One row change as the source sent it, in the column order of its <see cref="CdcTable"/>: each value is the bytes of
/// its type's binary send format (PostgreSQL's pgoutput with <c>binary</c>), or null for SQL null. A sink that accepts
/// it (<see cref="ICdcSink.AcceptsBinary"/>) writes the bytes through without a string per value; they are valid only
/// for a warehouse column of the column's <see cref="CdcColumn.SourceType"/>. Otherwise as <see cref="CdcChange"/>.
/// </summary>
public sealed record CdcBinaryChange(
    CdcOperation Operation,
    CdcPosition Position,
    int Sequence,
    DateTime CommitTimeUtc,
    IReadOnlyList<ReadOnlyMemory<byte>?> Values,
    IReadOnlyList<bool>? Unchanged);
