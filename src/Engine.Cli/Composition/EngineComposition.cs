using Engine.Warehouse;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Snowflake;

namespace Engine.Cli.Composition;

/// <summary>
/// The composition root's choices, in one place: which warehouse adapters exist, and what stands in for Strava when
/// no credentials are configured.
/// </summary>
public static class EngineComposition
{
    public static WarehouseRegistry Warehouses { get; } = new([new PostgresAdapter(), new SnowflakeAdapter(SnowflakeSandboxStandIn.StartAsync)]);
}
