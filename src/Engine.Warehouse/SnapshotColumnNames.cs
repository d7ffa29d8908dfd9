namespace Engine.Warehouse;

/// <summary>The meta columns a snapshot adds; renamable through <c>snapshot_meta_column_names</c>.</summary>
public sealed record SnapshotColumnNames(
    string ScdId = "scd_id",
    string ValidFrom = "valid_from",
    string ValidTo = "valid_to",
    string IsCurrent = "is_current",
    string IsDeleted = "is_deleted")
{
    public static SnapshotColumnNames Default { get; } = new();

    public IEnumerable<string> All => [ScdId, ValidFrom, ValidTo, IsCurrent, IsDeleted];
}
