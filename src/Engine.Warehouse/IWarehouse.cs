using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>
/// A warehouse the engine builds into. It runs SQL; the text comes from its dialect and its
/// <see cref="IMaterializationSql"/>, so that a new warehouse is a new pair of classes, not a new runner.
/// </summary>
public interface IWarehouse : IAsyncDisposable
{
    ISqlDialect Dialect { get; }

    IMaterializationSql Sql { get; }

    /// <summary>A session is one connection: a build thread holds one for its whole life.</summary>
    Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken);
}
