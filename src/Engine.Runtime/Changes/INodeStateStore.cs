namespace Engine.Runtime.Changes;

/// <summary>
/// Where builds keep <see cref="NodeState"/>s between runs (the state store, schema <c>_engine</c>). A node's record is
/// forgotten before the node changes its relation and written again only after the build, so a build killed in between
/// leaves no record, and the next build treats the node as changed rather than trusting a version that may be stale.
/// </summary>
public interface INodeStateStore
{
    Task<IReadOnlyDictionary<string, NodeState>> ReadAsync(CancellationToken cancellationToken);

    Task ForgetAsync(string uniqueId, CancellationToken cancellationToken);

    /// <summary>
    /// The statement that forgets one record, its unique id bound to <c>@id</c>, for the build's own sessions when the
    /// store lives in the database they connect to; null otherwise. Run on the node's session it needs no connection of
    /// its own: nodes that start together took one each from the pool, which opened new ones on the build's critical path.
    /// </summary>
    string? ForgetStatement => null;

    /// <summary>Writes each node's new state; a null state removes the node's record.</summary>
    Task SaveAsync(IReadOnlyDictionary<string, NodeState?> states, CancellationToken cancellationToken);

    /// <summary>The row counts <see cref="SaveRowCountsAsync"/> recorded, by unique id.</summary>
    Task<IReadOnlyDictionary<string, RecordedRowCount>> ReadRowCountsAsync(CancellationToken cancellationToken);

    Task SaveRowCountsAsync(IReadOnlyDictionary<string, RecordedRowCount> counts, CancellationToken cancellationToken);
}
