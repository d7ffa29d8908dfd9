using System.Collections.Immutable;

namespace Engine.Core.Graph;

/// <summary>The DAG of a project: edges point from a node to the nodes that read it.</summary>
public sealed class ProjectGraph
{
    private readonly Dictionary<string, ImmutableArray<string>> _children;
    private readonly Dictionary<string, GraphNode> _nodes;
    private ImmutableArray<string> _order;

    // Plain dictionaries behind read-only views: the graph is built once and never changed, and immutable
    // collections cost several times more to build for the 100,000-node projects the engine must handle.
    public ProjectGraph(IEnumerable<GraphNode> nodes)
    {
        // Inserted in id order, which a dictionary without removals keeps when enumerated: output stays deterministic.
        _nodes = nodes.OrderBy(n => n.UniqueId, StringComparer.Ordinal).ToDictionary(n => n.UniqueId, StringComparer.Ordinal);
        Ids = [.. _nodes.Keys];
        var children = _nodes.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var node in _nodes.Values)
        {
            foreach (var parent in node.DependsOn)
            {
                if (children.TryGetValue(parent, out var list))
                {
                    list.Add(node.UniqueId);
                }
            }
        }

        _children = children.ToDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>Every node, enumerated in unique-id order.</summary>
    public IReadOnlyDictionary<string, GraphNode> Nodes => _nodes;

    /// <summary>Every unique id, in ordinal order, for deterministic output.</summary>
    public ImmutableArray<string> Ids { get; }

    public GraphNode this[string uniqueId] => _nodes[uniqueId];

    public ImmutableArray<string> Parents(string uniqueId) => Nodes[uniqueId].DependsOn;

    public ImmutableArray<string> Children(string uniqueId) => _children[uniqueId];

    /// <summary>Nodes upstream of <paramref name="start"/>, up to <paramref name="depth"/> edges away (null = all).</summary>
    public HashSet<string> Ancestors(string start, int? depth = null) => Walk(start, depth, Parents);

    public HashSet<string> Descendants(string start, int? depth = null) => Walk(start, depth, Children);

    /// <summary>
    /// A deterministic topological order: parents before children, ties by unique id. Made once per graph (a compile
    /// asks for it three times) over positions in <see cref="Ids"/>, which are in id order, so a heap of ints breaks the
    /// ties that a sorted set of strings did, without a tree node per id.
    /// </summary>
    public ImmutableArray<string> TopologicalOrder()
    {
        if (_order is { IsDefault: false } made)
        {
            return made;
        }

        var index = new Dictionary<string, int>(Ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < Ids.Length; i++)
        {
            index[Ids[i]] = i;
        }

        var remaining = new int[Ids.Length];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < Ids.Length; i++)
        {
            foreach (var parent in _nodes[Ids[i]].DependsOn)
            {
                if (index.ContainsKey(parent))
                {
                    remaining[i]++;
                }
            }

            if (remaining[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = ImmutableArray.CreateBuilder<string>(Ids.Length);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(Ids[next]);
            foreach (var child in _children[Ids[next]])
            {
                var c = index[child];
                if (--remaining[c] == 0)
                {
                    ready.Enqueue(c, c);
                }
            }
        }

        // Moved, not copied, when every id is in it (no cycle): a copy of 13,000 references lands on the large object heap.
        _order = order.Count == order.Capacity ? order.MoveToImmutable() : order.ToImmutable();
        return _order;
    }

    private static HashSet<string> Walk(string start, int? depth, Func<string, ImmutableArray<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string> { start };
        for (var level = 0; frontier.Count > 0 && (depth is null || level < depth); level++)
        {
            var following = new List<string>();
            foreach (var id in frontier)
            {
                foreach (var n in next(id))
                {
                    if (seen.Add(n))
                    {
                        following.Add(n);
                    }
                }
            }

            frontier = following;
        }

        seen.Remove(start);
        return seen;
    }
}
