using System.Collections.Immutable;

namespace Engine.Core.Graph.Selection;

/// <summary>Each current node's difference from a previous run's manifest; what <c>state:</c> selectors match on.</summary>
public sealed record StateChanges(ImmutableDictionary<string, NodeChange> ByNode)
{
    /// <summary>The values <c>state:</c> accepts, with the changes each one matches.</summary>
    public static IReadOnlyDictionary<string, NodeChange> Selectors { get; } = new Dictionary<string, NodeChange>(StringComparer.Ordinal)
    {
        ["new"] = NodeChange.New,
        ["modified"] = NodeChange.New | NodeChange.Body | NodeChange.Configs | NodeChange.Relation,
        ["modified.body"] = NodeChange.Body,
        ["modified.configs"] = NodeChange.Configs,
        ["modified.relation"] = NodeChange.Relation,
    };

    public bool Matches(string selector, string uniqueId) =>
        (ByNode.GetValueOrDefault(uniqueId) & Selectors[selector]) != NodeChange.None;
}
