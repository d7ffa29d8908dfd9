using System.Collections.Immutable;

namespace Engine.Warehouse;

/// <summary>A small result set (test samples, counts), every value rendered as text; null stays null.</summary>
public sealed record QueryResult(ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<string?>> Rows);
