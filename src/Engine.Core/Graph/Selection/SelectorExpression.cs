using System.Collections.Immutable;

namespace Engine.Core.Graph.Selection;

/// <summary>A parsed <c>--select</c>/<c>--exclude</c>: a union (space) of intersections (comma) of atoms.</summary>
public sealed record SelectorExpression(ImmutableArray<ImmutableArray<SelectorAtom>> Union)
{
    public bool IsEmpty => Union.IsDefaultOrEmpty;
}
