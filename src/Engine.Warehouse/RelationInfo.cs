using System.Collections.Immutable;
using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>A relation that exists in the warehouse.</summary>
public sealed record RelationInfo(Relation Relation, RelationKind Kind)
{
    public ImmutableArray<ColumnInfo> Columns { get; init; } = [];

    /// <summary>The relation's comment; the engine keeps a materialized view's definition checksum there.</summary>
    public string? Comment { get; init; }
}
