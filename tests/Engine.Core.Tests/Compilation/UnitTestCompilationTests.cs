using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

/// <summary>dbt 1.8 unit tests: their node, selection, and the inputs they must be given.</summary>
public sealed class UnitTestCompilationTests
{
    private static Dictionary<string, string> Files(string unitTests) => new()
    {
        ["models/a.sql"] = "select 1 as id",
        ["models/b.sql"] = "select id, {{ var('factor', 1) }} as factor from {{ ref('a') }}",
        ["models/tests.yml"] = $"unit_tests:\n{unitTests}",
    };

    [Fact]
    public void A_unit_test_is_a_test_of_its_model_with_dbts_id_and_its_ref_replaced_by_the_given_rows()
    {
        using var project = new TempProject(Files("""
              - name: doubles
                model: b
                overrides: {vars: {factor: 2}}
                given:
                  - input: ref('a')
                    rows: [{id: 1}]
                expect:
                  rows: [{id: 1, factor: 2}]
            """));

        var compiled = ProjectPipeline.CompileClean(project);

        var test = compiled.Nodes.Single(n => n.Node.IsUnitTest);
        Assert.Equal("unit_test.t.b.doubles", test.Node.UniqueId);
        Assert.Equal("model.t.b", Assert.Single(test.Node.DependsOn));
        Assert.Contains("select id, 2 as factor from \"__engine_unit__ref_a\"", test.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"public\".\"a\"", test.Sql, StringComparison.Ordinal);
        Assert.Equal("\"public\".\"a\"", test.UnitTestFixtures.Single().TypedLike);
    }

    [Theory]
    [InlineData("test_type:unit", "doubles")]
    [InlineData("doubles", "doubles")]
    [InlineData("b", "b,doubles")]
    public void Unit_tests_are_selected_by_type_by_name_and_with_their_model(string selector, string expected)
    {
        using var project = new TempProject(Files("""
              - name: doubles
                model: b
                given: [{input: "ref('a')", rows: [{id: 1}]}]
                expect: {rows: [{id: 1}]}
            """));
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);

        var selected = new NodeSelector(parsed!.Graph).Select(SelectorParser.Parse([selector], "--select"), SelectorParser.Parse([], "--exclude"));

        Assert.Equal(expected, string.Join(',', selected.Select(id => parsed.Graph[id].Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_ref_the_unit_test_does_not_give_is_an_error_because_nothing_is_read_from_the_warehouse()
    {
        using var project = new TempProject(Files("""
              - name: no_input
                model: b
                given: []
                expect: {rows: []}
            """));
        var (parsed, diagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(diagnostics);

        var (_, errors) = ProjectPipeline.Compile(parsed!);

        var d = DiagnosticAssert.Single(errors, DiagnosticCodes.MissingKey, project.PathOf("models/tests.yml"), 2, 5);
        Assert.Contains("reads ref('a'), which 'given' does not provide", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_and_an_input_the_model_does_not_read_are_reported_where_they_are_written()
    {
        using var project = new TempProject(Files("""
              - name: wrong_model
                model: bb
                given: []
                expect: {rows: []}
              - name: wrong_input
                model: a
                given:
                  - input: ref('b')
                    rows: []
                expect: {rows: []}
            """));

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Contains("did you mean 'b'?", DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("models/tests.yml"), 2, 5).Message, StringComparison.Ordinal);
        Assert.Contains("does not read ref('b')", DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("models/tests.yml"), 9, 9).Message, StringComparison.Ordinal);
    }
}
