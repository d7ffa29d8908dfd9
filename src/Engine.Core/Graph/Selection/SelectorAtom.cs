namespace Engine.Core.Graph.Selection;

/// <summary>
/// One selector such as <c>2+tag:daily+1</c>: a method and value, with graph operators around it.
/// Depth null with the flag set means "all the way".
/// </summary>
public sealed record SelectorAtom(string Method, string Value, string Text)
{
    public bool Ancestors { get; init; }
    public int? AncestorDepth { get; init; }
    public bool Descendants { get; init; }
    public int? DescendantDepth { get; init; }

    /// <summary><c>@name</c>: the node, its descendants, and every ancestor of those descendants.</summary>
    public bool AtOperator { get; init; }
}
