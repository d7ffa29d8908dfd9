using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Xunit;

namespace Engine.Core.Tests.Graph.Selection;

/// <summary><c>result:</c> selectors over given previous results; reading run_results.json is the CLI's RetryTests.</summary>
public sealed class ResultSelectorTests(SelectionProject project) : IClassFixture<SelectionProject>
{
    private static readonly PreviousResults Previous = new(new Dictionary<string, string>
    {
        ["model.t.stg_orders"] = "success",
        ["model.t.int_orders"] = "error",
        ["model.t.fct_orders"] = "skipped",
        ["model.t.fct_returns"] = "skipped",
        ["model.t.stg_customers"] = "success",
    }.ToImmutableDictionary(StringComparer.Ordinal));

    private IReadOnlyList<string> Select(Func<PreviousResults>? results, params string[] select)
    {
        var ids = new NodeSelector(project.Parsed.Graph, null, results).Select(SelectorParser.Parse(select, "--select"), SelectorParser.Parse([], "--exclude"));
        return [.. ids.Select(id => project.Parsed.Graph[id].Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Each_result_matches_the_nodes_that_ended_so_and_plus_adds_children()
    {
        Assert.Equal(["int_orders"], Select(() => Previous, "result:error,resource_type:model"));
        Assert.Equal(["fct_orders", "fct_returns"], Select(() => Previous, "result:skipped"));
        Assert.Equal(["stg_customers", "stg_orders"], Select(() => Previous, "result:success"));
        Assert.Empty(Select(() => Previous, "result:fail"));
        Assert.Equal(["fct_orders", "fct_returns", "int_orders", "rpt_orders"], Select(() => Previous, "result:error+,resource_type:model"));
    }

    [Fact]
    public void A_result_selector_without_state_or_with_an_unknown_status_is_a_usage_error()
    {
        var missing = Assert.Throws<ProjectException>(() => Select(null, "result:error"));
        Assert.Equal(DiagnosticCodes.StateRequired, missing.Diagnostics[0].Code);
        Assert.Contains("run_results.json", missing.Diagnostics[0].Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ProjectException>(() => Select(() => Previous, "result:erorr"));
        Assert.Contains("did you mean 'error'?", unknown.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
