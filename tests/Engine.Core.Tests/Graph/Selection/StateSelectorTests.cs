using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Xunit;

namespace Engine.Core.Tests.Graph.Selection;

/// <summary><c>state:</c> selectors over a given comparison; how the comparison is made is the CLI's StateSelectionTests.</summary>
public sealed class StateSelectorTests(SelectionProject project) : IClassFixture<SelectionProject>
{
    private IReadOnlyList<string> Select(Func<StateChanges>? state, params string[] select)
    {
        var ids = new NodeSelector(project.Parsed.Graph, state).Select(SelectorParser.Parse(select, "--select"), SelectorParser.Parse([], "--exclude"));
        return [.. ids.Select(id => project.Parsed.Graph[id].Name).Order(StringComparer.Ordinal)];
    }

    private static StateChanges Changes(params (string Id, NodeChange Change)[] changes) =>
        new(changes.ToImmutableDictionary(c => c.Id, c => c.Change, StringComparer.Ordinal));

    [Fact]
    public void Each_state_matches_its_own_kind_of_change_and_plus_adds_children()
    {
        var state = Changes(("model.t.int_orders", NodeChange.Body), ("model.t.fct_returns", NodeChange.Configs), ("model.t.stg_customers", NodeChange.New));

        Assert.Equal(["fct_returns", "int_orders", "stg_customers"], Select(() => state, "state:modified,resource_type:model"));
        Assert.Equal(["int_orders"], Select(() => state, "state:modified.body,resource_type:model"));
        Assert.Equal(["fct_returns"], Select(() => state, "state:modified.configs"));
        Assert.Empty(Select(() => state, "state:modified.relation"));
        Assert.Equal(["stg_customers"], Select(() => state, "state:new"));
        Assert.Equal(["fct_orders", "fct_returns", "int_orders", "rpt_orders"], Select(() => state, "state:modified.body+,resource_type:model"));
    }

    [Fact]
    public void The_comparison_is_made_only_when_a_state_selector_asks_for_it()
    {
        var asked = 0;
        Assert.Equal(["fct_orders"], Select(() => { asked++; return Changes(); }, "fct_orders"));
        Assert.Equal(0, asked);
        Assert.Empty(Select(() => { asked++; return Changes(); }, "state:modified", "state:new"));
        Assert.Equal(1, asked);
    }

    [Fact]
    public void A_state_selector_without_state_names_the_missing_option()
    {
        var e = Assert.Throws<ProjectException>(() => Select(null, "state:modified"));
        Assert.Equal(DiagnosticCodes.StateRequired, e.Diagnostics[0].Code);
        Assert.Contains("--state DIR", e.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
