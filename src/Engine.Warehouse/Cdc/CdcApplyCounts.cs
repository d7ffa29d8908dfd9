namespace Engine.Warehouse.Cdc;

/// <summary>Changes a sink applied, by operation.</summary>
public sealed record CdcApplyCounts(long Inserted, long Updated, long Deleted)
{
    public static CdcApplyCounts None { get; } = new(0, 0, 0);

    public long Total => Inserted + Updated + Deleted;

    public CdcApplyCounts Add(CdcApplyCounts other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Deleted + other.Deleted);
}
