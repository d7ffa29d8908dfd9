namespace Engine.Warehouse.Cdc;

/// <summary>
/// One row change, in the column order of its <see cref="CdcTable"/>. <paramref name="Position"/> is the commit position (LSN) of its
/// source transaction and <paramref name="Sequence"/> its position inside it: together they identify the change.
/// <paramref name="Unchanged"/> marks values the source did not send (an unchanged TOAST value, or the non-key
/// columns of a delete): the sink keeps what it has stored for them.
/// </summary>
public sealed record CdcChange(
    CdcOperation Operation,
    CdcPosition Position,
    int Sequence,
    DateTime CommitTimeUtc,
    IReadOnlyList<string?> Values,
    IReadOnlyList<bool>? Unchanged);
