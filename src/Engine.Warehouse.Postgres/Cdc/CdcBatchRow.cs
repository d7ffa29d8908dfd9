using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>What <see cref="PostgresCdcSink"/> needs of each change of a batch once its values are formatted.</summary>
internal readonly record struct CdcBatchRow(CdcOperation Operation, IReadOnlyList<bool>? Unchanged, CdcLogPosition At, DateTime CommitTimeUtc, string Key);
