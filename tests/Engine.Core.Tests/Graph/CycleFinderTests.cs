using System.Collections.Immutable;
using Engine.Core.Graph;
using Xunit;

namespace Engine.Core.Tests.Graph;

public sealed class CycleFinderTests
{
    private static ImmutableArray<ImmutableArray<string>> Find(params (string Node, string[] Parents)[] edges) =>
        CycleFinder.Find(edges.ToDictionary(e => e.Node, e => e.Parents.ToImmutableArray()));

    [Fact]
    public void Acyclic_graph_has_no_cycles() =>
        Assert.Empty(Find(("a", []), ("b", ["a"]), ("c", ["a", "b"])));

    [Fact]
    public void Cycle_is_the_full_path_with_the_first_node_repeated()
    {
        var cycle = Assert.Single(Find(("a", ["b"]), ("b", ["c"]), ("c", ["a"])));

        Assert.Equal<string>(["a", "b", "c", "a"], cycle);
    }

    [Fact]
    public void Self_reference_is_a_cycle_of_one()
    {
        var cycle = Assert.Single(Find(("a", ["a"])));

        Assert.Equal<string>(["a", "a"], cycle);
    }

    [Fact]
    public void Parents_outside_the_graph_are_ignored() =>
        Assert.Empty(Find(("a", ["source.x"]), ("b", ["a"])));

    [Fact]
    public void Cycle_below_an_acyclic_prefix_starts_at_the_repeated_node()
    {
        var cycle = Assert.Single(Find(("a", ["b"]), ("b", ["c"]), ("c", ["b"])));

        Assert.Equal<string>(["b", "c", "b"], cycle);
    }
}
