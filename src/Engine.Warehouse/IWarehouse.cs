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
    /// <exception cref="WarehouseConnectionException">The warehouse could not be reached.</exception>
    Task<IWarehouseSession> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a relation atomically, the warehouse's own way (PostgreSQL: build beside it and rename in one
    /// transaction, recreating the views that read it).
    /// </summary>
    Task ReplaceAsync(RelationReplacement replacement, CancellationToken cancellationToken);
}
