namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>What <c>engine local status</c> shows: whether the folder holds a cluster and whether it is serving.</summary>
public sealed record LocalPostgresStatus(string DataDirectory, bool IsInitialized, int? ProcessId, LocalPostgresInstance? Instance)
{
    public bool IsRunning => Instance is not null;
}
