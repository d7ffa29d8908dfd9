using System.Collections.Immutable;

namespace Engine.Warehouse;

/// <summary>
/// How a snapshot tracks history. <see cref="CheckColumns"/> empty with the check strategy means every column.
/// <see cref="Now"/> is the run's start as a SQL expression, so one run stamps every row alike.
/// </summary>
public sealed record SnapshotSpec(
    ImmutableArray<string> UniqueKey,
    string Strategy,
    string? UpdatedAt,
    ImmutableArray<string> CheckColumns,
    string HardDeletes,
    SnapshotColumnNames Names,
    string Now);
