namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>A row's place in a change log: its source transaction's commit LSN and its sequence inside it.</summary>
internal readonly record struct CdcLogPosition(ulong Lsn, int Sequence);
