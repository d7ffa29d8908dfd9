using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Snowflake;

namespace Engine.Warehouse;

/// <summary>The dialect for each target type written in pipeline.yml.</summary>
public static class WarehouseDialects
{
    public static IReadOnlyList<ISqlDialect> All { get; } = [PostgresDialect.Instance, SnowflakeDialect.Instance];

    public static ISqlDialect For(string targetType) =>
        All.FirstOrDefault(d => d.Name == targetType)
        ?? throw new ProjectException(DiagnosticCodes.UnknownTarget, $"no SQL dialect for target type '{targetType}'; supported: {string.Join(", ", All.Select(d => d.Name))}");
}
