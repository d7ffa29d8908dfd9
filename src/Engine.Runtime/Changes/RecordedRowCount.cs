namespace Engine.Runtime.Changes;

/// <summary>
/// A table's row count as a run's summary counted it, with the table's data version then: while the table keeps that
/// version (its contents have not changed since), the count still holds and the table is not counted again.
/// </summary>
public sealed record RecordedRowCount(string DataVersion, long Rows);
