using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>
/// A model's constraint as it goes into a table's DDL: <c>not_null</c>, <c>unique</c>, <c>primary_key</c>,
/// <c>foreign_key</c> (to <see cref="References"/>, or as its <see cref="Expression"/>) or <c>check</c>.
/// </summary>
public sealed record TableConstraint(string Type, IReadOnlyList<string> Columns)
{
    public string? Name { get; init; }

    public string? Expression { get; init; }

    public Relation? References { get; init; }

    public IReadOnlyList<string> ReferencesColumns { get; init; } = [];
}
