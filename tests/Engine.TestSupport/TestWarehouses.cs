using Engine.Core.Compilation;
using Engine.Warehouse;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Snowflake;

namespace Engine.TestSupport;

/// <summary>The warehouse adapters the CLI registers, for tests that open sessions or compile per dialect.</summary>
public static class TestWarehouses
{
    public static WarehouseRegistry Registry { get; } = new([new PostgresAdapter(), new SnowflakeAdapter()]);

    public static IReadOnlyList<ISqlDialect> Dialects { get; } = [PostgresDialect.Instance, SnowflakeDialect.Instance];

    public static ISqlDialect Dialect(string name) => Dialects.First(d => d.Name == name);
}
