namespace Engine.Warehouse.Cdc;

/// <summary>What a change did to a source row; <see cref="Snapshot"/> marks rows copied by the initial snapshot.</summary>
public enum CdcOperation
{
    Insert,
    Update,
    Delete,
    Truncate,
    Snapshot,
}
