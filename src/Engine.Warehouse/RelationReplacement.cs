using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>
/// A request to replace <see cref="Target"/> atomically: <see cref="CreateAt"/> builds the new relation under the name
/// it is given, and the adapter puts it in place so that a failed or killed build leaves the old one readable.
/// </summary>
/// <param name="Session">The node's session; the replacement runs in its transaction.</param>
/// <param name="InTransaction">Runs a body inside the node's transaction, between its pre- and post-hooks.</param>
/// <param name="Warn">Reports something the user should know that does not fail the node.</param>
public sealed record RelationReplacement(
    IWarehouseSession Session,
    Relation Target,
    RelationKind Kind,
    Func<Relation, Task> CreateAt,
    Func<Func<Task>, Task> InTransaction,
    Action<string> Warn)
{
    /// <summary>
    /// When the new relation holds exactly the rows and columns of the old one, keep the old one: no swap, and no
    /// dependent view recreated. An adapter that cannot compare cheaply ignores it and replaces as usual.
    /// </summary>
    public bool KeepWhenUnchanged { get; init; }

    /// <summary>
    /// For a view whose compiled SQL is the one the view in place was built from: that select. Only its inputs can have
    /// changed, so an adapter may keep the view when the select still gives the view's columns, without building a new one.
    /// </summary>
    public string? SelectAsBuilt { get; init; }

    /// <summary>Called by an adapter that kept the old relation because the new one had the same contents.</summary>
    public Action? Unchanged { get; init; }
}
