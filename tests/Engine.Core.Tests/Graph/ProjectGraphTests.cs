using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Graph;

public sealed class ProjectGraphTests
{
    private static GraphNode Node(string name, params string[] parents) =>
        new($"model.t.{name}", name, ResourceType.Model, $"models/{name}.sql", SourceLocation.File($"/p/models/{name}.sql"))
        {
            DependsOn = [.. parents.Select(p => $"model.t.{p}")],
        };

    // a -> b -> c -> d, with b -> e and x -> d.
    private static readonly ProjectGraph Chain = new([
        Node("d", "c", "x"), Node("c", "b"), Node("b", "a"), Node("a"), Node("e", "b"), Node("x"),
    ]);

    private static IEnumerable<string> Names(IEnumerable<string> ids) => ids.Select(id => id["model.t.".Length..]).Order(StringComparer.Ordinal);

    [Fact]
    public void Topological_order_puts_parents_first_and_breaks_ties_by_id()
    {
        var order = Chain.TopologicalOrder();

        Assert.Equal(["a", "b", "c", "e", "x", "d"], order.Select(id => id["model.t.".Length..]));
    }

    [Fact]
    public void Topological_order_of_a_parsed_project_puts_every_parent_before_its_children()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = "sources:\n  - name: raw\n    tables:\n      - name: orders\n",
            ["seeds/countries.csv"] = "code\nnl\n",
            ["models/z_first.sql"] = "select * from {{ source('raw', 'orders') }}",
            ["models/m_second.sql"] = "select * from {{ ref('z_first') }}, {{ ref('countries') }}",
            ["models/a_third.sql"] = "select * from {{ ref('m_second') }}",
            ["models/schema.yml"] = "models:\n  - name: a_third\n    columns:\n      - name: id\n        tests: [not_null]\n",
        });
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);

        var order = parsed!.Graph.TopologicalOrder();

        Assert.Equal(parsed.Graph.Nodes.Count, order.Length);
        foreach (var (id, index) in order.Select((id, i) => (id, i)))
        {
            Assert.All(parsed.Graph.Parents(id), parent => Assert.True(order.IndexOf(parent) < index, $"{parent} after {id}"));
        }

        Assert.Equal("test.t.not_null_a_third_id", order[^1]);
    }

    [Fact]
    public void Children_are_the_reverse_edges()
    {
        Assert.Equal(["c", "e"], Names(Chain.Children("model.t.b")));
        Assert.Empty(Chain.Children("model.t.d"));
    }

    [Fact]
    public void Ancestors_and_descendants_honour_the_depth()
    {
        Assert.Equal(["a", "b", "c", "x"], Names(Chain.Ancestors("model.t.d")));
        Assert.Equal(["c", "x"], Names(Chain.Ancestors("model.t.d", 1)));
        Assert.Equal(["b", "c", "x"], Names(Chain.Ancestors("model.t.d", 2)));
        Assert.Equal(["b", "c", "d", "e"], Names(Chain.Descendants("model.t.a")));
        Assert.Equal(["b"], Names(Chain.Descendants("model.t.a", 1)));
        Assert.Empty(Chain.Descendants("model.t.a", 0));
    }
}
