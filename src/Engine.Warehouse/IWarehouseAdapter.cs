using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Cdc;

namespace Engine.Warehouse;

/// <summary>
/// Everything about one kind of warehouse, found by the <c>type</c> of a target (<see cref="WarehouseRegistry"/>): the
/// target keys it takes, its SQL dialect, how to connect, and where CDC writes. The runtime asks the adapter and never
/// sees a driver type; a new warehouse is a new adapter registered by the composition root, not a change to Runtime.
/// </summary>
public interface IWarehouseAdapter
{
    /// <summary>The <c>type</c> of a target in pipeline.yml (<c>postgres</c>, <c>snowflake</c>).</summary>
    string Type { get; }

    ISqlDialect Dialect { get; }

    /// <summary>Checks the target's adapter-specific keys (<see cref="TargetConfig.Settings"/>), each problem at its file(line,col).</summary>
    void Validate(TargetConfig target, DiagnosticBag bag);

    /// <summary>Connects to the target's warehouse database; a managed local server is started first when the adapter has one.</summary>
    /// <exception cref="ProjectException">The target cannot be used (a setting is missing, or the adapter cannot build yet).</exception>
    /// <exception cref="WarehouseConnectionException">The server could not be reached or refused the login.</exception>
    Task<IWarehouse> ConnectAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken);

    /// <summary>A CDC sink writing into <paramref name="schema"/> of the target's warehouse.</summary>
    Task<ICdcSink> OpenCdcSinkAsync(TargetConfig target, WarehouseEnvironment environment, string schema, CancellationToken cancellationToken);
}
