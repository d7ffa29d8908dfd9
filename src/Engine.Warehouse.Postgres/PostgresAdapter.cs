using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres.Cdc;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// PostgreSQL as a warehouse: a target with a <c>host</c> is that server; without one, the engine's managed local
/// cluster, created and started on first use.
/// </summary>
public sealed class PostgresAdapter : IWarehouseAdapter
{
    public const string TypeName = "postgres";

    private static readonly TargetKeys Keys = new(
        Allowed: ["host", "port", "user", "password", "sslmode"],
        Required: [],
        Secrets: ["password"]);

    public string Type => TypeName;

    public ISqlDialect Dialect => PostgresDialect.Instance;

    /// <summary>A postgres target without a host means the managed local cluster.</summary>
    public static bool IsManagedLocal(TargetConfig target) => string.IsNullOrWhiteSpace(target.Setting("host"));

    public void Validate(TargetConfig target, DiagnosticBag bag) => Keys.Check(target, bag);

    public async Task<IWarehouse> ConnectAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken)
    {
        var server = PostgresServer.For(target, environment);
        var connectionString = await server.ConnectionStringAsync(server.WarehouseDatabase, cancellationToken).ConfigureAwait(false);
        return new PostgresWarehouse(connectionString, $"target '{target.Name}'");
    }

    public async Task<ICdcSink> OpenCdcSinkAsync(TargetConfig target, WarehouseEnvironment environment, string schema, CancellationToken cancellationToken)
    {
        var server = PostgresServer.For(target, environment);
        var connectionString = await server.ConnectionStringAsync(server.WarehouseDatabase, cancellationToken).ConfigureAwait(false);
        return new GuardedCdcSink(new PostgresCdcSink(connectionString, schema), connectionString, $"CDC into target '{target.Name}'");
    }
}
