using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// Snowflake: targets are validated and compile with <see cref="SnowflakeDialect"/>; building and CDC need the SQL API
/// client, which does not exist yet, so they stop with one clear error before anything runs.
/// </summary>
public sealed class SnowflakeAdapter : IWarehouseAdapter
{
    public const string TypeName = "snowflake";

    private static readonly TargetKeys Keys = new(
        Allowed: ["account", "user", "role", "warehouse", "private_key_path", "private_key_passphrase"],
        Required: ["account", "user", "database"],
        Secrets: ["private_key_passphrase"]);

    public string Type => TypeName;

    public ISqlDialect Dialect => SnowflakeDialect.Instance;

    public void Validate(TargetConfig target, DiagnosticBag bag) => Keys.Check(target, bag);

    public Task<IWarehouse> ConnectAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken) =>
        throw NotAvailable(target, "build into it");

    public Task<ICdcSink> OpenCdcSinkAsync(TargetConfig target, WarehouseEnvironment environment, string schema, CancellationToken cancellationToken) =>
        throw NotAvailable(target, "sync into it");

    private static ProjectException NotAvailable(TargetConfig target, string what) =>
        new(DiagnosticCodes.WarehouseNotAvailable,
            $"target '{target.Name}' is a snowflake target: the engine compiles its SQL (engine compile) but cannot {what} yet (the Snowflake SQL API adapter is not available yet)",
            target.Location);
}
