using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>A view reading a relation that is about to be replaced, with the definition to create it again.</summary>
public sealed record DependentView(Relation Relation, RelationKind Kind, string Definition, string? Comment = null);
