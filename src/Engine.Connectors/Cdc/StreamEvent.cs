using System.Collections.Immutable;
using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// A pgoutput message copied out of Npgsql's reused buffers by the reader, for the applier on the other side of
/// the channel: decoding the stream and writing the warehouse overlap.
/// </summary>
internal abstract record StreamEvent;

internal sealed record BeginEvent(ulong FinalLsn, DateTime CommitTimeUtc) : StreamEvent;

internal sealed record CommitEvent(ulong EndLsn) : StreamEvent;

internal sealed record RelationEvent(uint RelationId, string Namespace, string Name, ImmutableArray<RelationColumn> Columns) : StreamEvent;

internal sealed record RelationColumn(string Name, uint TypeOid, int TypeModifier);

/// <summary>
/// A row change with its values in the relation's column order, as sent (text, or binary when the stream is); null
/// for SQL null and for values not sent. <paramref name="Toasted"/> marks unchanged TOAST
/// values; <paramref name="KeyOnly"/> says the nulls of non-key columns mean "not sent" (a delete's old key).
/// </summary>
internal sealed record RowEvent(CdcOperation Operation, uint RelationId, ReadOnlyMemory<byte>?[] Values, bool[]? Toasted, bool KeyOnly) : StreamEvent;

internal sealed record TruncateEvent(ImmutableArray<uint> RelationIds) : StreamEvent;

internal sealed record MarkerEvent(ulong Lsn) : StreamEvent;
