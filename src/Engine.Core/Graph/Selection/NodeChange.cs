namespace Engine.Core.Graph.Selection;

/// <summary>How a node differs from the same node in a previous run's manifest (<c>--state DIR</c>).</summary>
[Flags]
public enum NodeChange
{
    None = 0,

    /// <summary>The node is not in the state's manifest.</summary>
    New = 1,

    /// <summary>Its rendered SQL differs (relation names aside, whitespace collapsed), or a seed's file differs.</summary>
    Body = 2,

    /// <summary>Its config differs.</summary>
    Configs = 4,

    /// <summary>Its database, schema or alias differs.</summary>
    Relation = 8,
}
