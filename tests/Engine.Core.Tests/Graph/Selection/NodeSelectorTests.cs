using Engine.Core.Diagnostics;
using Xunit;

namespace Engine.Core.Tests.Graph.Selection;

public sealed class NodeSelectorTests(SelectionProject project) : IClassFixture<SelectionProject>
{
    private const string Unique = SelectionProject.UniqueIntOrders;
    private const string NotNull = SelectionProject.NotNullRptOrders;

    private IReadOnlyList<string> Select(params string[] select) => project.Select(select);

    [Fact]
    public void Nothing_selected_means_everything()
    {
        Assert.Equal(
            ["fct_orders", "fct_returns", "int_orders", NotNull, "rpt_orders", "stg_customers", "stg_orders", Unique],
            Select());
    }

    [Fact]
    public void An_intersection_with_a_test_selector_keeps_the_model_s_own_tests_as_dbt_does()
    {
        Assert.Equal([Unique], Select("int_orders,test_name:unique"));
        Assert.Equal([NotNull], Select("rpt_orders,test_name:not_null"));
        Assert.Empty(Select("int_orders,test_name:not_null"));
    }

    [Fact]
    public void Name_selects_the_node_alone() => Assert.Equal(["fct_orders"], Select("fct_orders"));

    [Fact]
    public void Name_glob_matches_several() => Assert.Equal(["fct_orders", "fct_returns"], Select("fct_*"));

    [Fact]
    public void Plus_before_adds_every_ancestor() =>
        Assert.Equal(["fct_orders", "int_orders", "stg_orders", Unique], Select("+fct_orders"));

    [Fact]
    public void Plus_after_adds_every_descendant() =>
        Assert.Equal(["fct_orders", NotNull, "rpt_orders"], Select("fct_orders+"));

    [Fact]
    public void Depth_before_plus_limits_the_ancestors()
    {
        Assert.Equal(["fct_orders", NotNull, "rpt_orders", "stg_customers"], Select("1+rpt_orders"));
        Assert.Equal(["fct_orders", "int_orders", NotNull, "rpt_orders", "stg_customers", Unique], Select("2+rpt_orders"));
    }

    [Fact]
    public void Depth_after_plus_limits_the_descendants()
    {
        Assert.Equal(["int_orders", "stg_orders", Unique], Select("stg_orders+1"));
        Assert.Equal(["fct_orders", "fct_returns", "int_orders", "stg_orders", Unique], Select("stg_orders+2"));
    }

    [Fact]
    public void At_adds_descendants_and_their_ancestors()
    {
        // rpt_orders, a descendant of fct_orders, also reads stg_customers: @ brings it along so rpt_orders can build.
        Assert.Equal(
            ["fct_orders", "int_orders", NotNull, "rpt_orders", "stg_customers", "stg_orders", Unique],
            Select("@fct_orders"));
    }

    [Fact]
    public void Tag_selects_by_tags_from_every_level()
    {
        Assert.Equal(["fct_orders", "fct_returns", "int_orders", Unique], Select("tag:dwh"));
        Assert.Equal(["fct_returns"], Select("tag:returns"));
        Assert.Equal(["stg_customers", "stg_orders"], Select("tag:staging"));
    }

    [Fact]
    public void Path_selects_a_folder_with_or_without_the_method()
    {
        var expected = new[] { "fct_orders", "fct_returns", "int_orders", Unique };
        Assert.Equal(expected, Select("path:models/dwh"));
        Assert.Equal(expected, Select("models/dwh/"));
        Assert.Equal(["stg_orders"], Select("path:models/staging/stg_orders.sql"));
    }

    [Fact]
    public void Resource_type_selects_exactly_that_type_without_adding_tests()
    {
        Assert.Equal(
            ["fct_orders", "fct_returns", "int_orders", "rpt_orders", "stg_customers", "stg_orders"],
            Select("resource_type:model"));
        Assert.Equal([NotNull, Unique], Select("resource_type:test"));
    }

    [Fact]
    public void Config_materialized_selects_by_the_final_config() =>
        Assert.Equal([NotNull, "rpt_orders"], Select("config.materialized:table"));

    [Fact]
    public void Space_and_separate_values_are_unions()
    {
        Assert.Equal(["fct_returns", "stg_customers"], Select("stg_customers fct_returns"));
        Assert.Equal(["fct_returns", "stg_customers"], Select("stg_customers", "fct_returns"));
    }

    [Fact]
    public void Comma_is_an_intersection()
    {
        Assert.Equal(["fct_orders", "int_orders", Unique], Select("tag:dwh,+fct_orders"));
        Assert.Equal(["fct_returns"], Select("tag:dwh,tag:returns"));
    }

    [Fact]
    public void Exclude_removes_nodes_and_their_tests()
    {
        Assert.Equal(["fct_orders", "fct_returns"], project.Select(["int_orders+"], ["int_orders", "rpt_orders"]));
        Assert.Equal(["int_orders", "stg_orders"], project.Select(["+int_orders"], ["resource_type:test"]));
    }

    [Fact]
    public void Tests_of_selected_models_are_included()
    {
        Assert.Equal(["int_orders", Unique], Select("int_orders"));
        Assert.Equal([NotNull, "rpt_orders"], Select("tag:marts"));
    }

    [Fact]
    public void Test_name_selects_generic_tests_by_kind() => Assert.Equal([Unique], Select("test_name:unique"));

    [Fact]
    public void Unknown_name_matches_nothing_and_suggests_the_nearest_name()
    {
        var e = Assert.Throws<ProjectException>(() => Select("fct_ordres"));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.SelectorNoMatch, d.Code);
        Assert.Null(d.Location); // A command-line argument has no file position.
        Assert.Equal("selector 'fct_ordres' matches no node; did you mean 'fct_orders'?", d.Message);
    }

    [Fact]
    public void Unknown_path_matches_nothing()
    {
        var e = Assert.Throws<ProjectException>(() => Select("path:models/dhw"));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.SelectorNoMatch, d.Code);
        Assert.Null(d.Location);
    }

    [Fact]
    public void Tag_that_matches_nothing_selects_nothing() => Assert.Empty(Select("tag:nightly"));
}
