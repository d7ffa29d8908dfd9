using Engine.Core.Diagnostics;
using Engine.Core.Graph.Selection;
using Xunit;

namespace Engine.Core.Tests.Graph.Selection;

public sealed class SelectorParserTests
{
    [Theory]
    [InlineData("a", "name", "a", false, null, false, null, false)]
    [InlineData("+a", "name", "a", true, null, false, null, false)]
    [InlineData("a+", "name", "a", false, null, true, null, false)]
    [InlineData("2+a", "name", "a", true, 2, false, null, false)]
    [InlineData("a+3", "name", "a", false, null, true, 3, false)]
    [InlineData("1+tag:daily+1", "tag", "daily", true, 1, true, 1, false)]
    [InlineData("@a", "name", "a", false, null, false, null, true)]
    [InlineData("models/dwh", "path", "models/dwh", false, null, false, null, false)]
    [InlineData("config.materialized:table", "config.materialized", "table", false, null, false, null, false)]
    public void Parses_operators_depths_and_methods(
        string text, string method, string value, bool up, int? upDepth, bool down, int? downDepth, bool at)
    {
        var atom = SelectorParser.ParseAtom(text, "--select");

        Assert.Equal(
            (method, value, up, upDepth, down, downDepth, at, text),
            (atom.Method, atom.Value, atom.Ancestors, atom.AncestorDepth, atom.Descendants, atom.DescendantDepth, atom.AtOperator, atom.Text));
    }

    [Fact]
    public void Spaces_separate_union_terms_and_commas_intersections()
    {
        var expression = SelectorParser.Parse(["a tag:x,b", "c"], "--select");

        Assert.Equal([["a"], ["tag:x", "b"], ["c"]], expression.Union.Select(i => i.Select(a => a.Text)));
    }

    [Fact]
    public void No_values_is_an_empty_expression() => Assert.True(SelectorParser.Parse([], "--exclude").IsEmpty);

    [Theory]
    [InlineData("@a+")]
    [InlineData("+@a")]
    [InlineData("a++")]
    [InlineData("tag:")]
    public void Bad_syntax_is_a_selector_syntax_error_naming_the_option(string text)
    {
        var e = Assert.Throws<ProjectException>(() => SelectorParser.Parse([text], "--select"));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.SelectorSyntax, d.Code);
        Assert.Null(d.Location);
        Assert.StartsWith($"--select '{text}': ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_with_plus_says_they_cannot_be_combined()
    {
        var e = Assert.Throws<ProjectException>(() => SelectorParser.ParseAtom("@a+", "--select"));

        Assert.Equal("--select '@a+': '@' cannot be combined with '+'", Assert.Single(e.Diagnostics).Message);
    }

    [Fact]
    public void Unknown_method_suggests_the_nearest_one()
    {
        var e = Assert.Throws<ProjectException>(() => SelectorParser.Parse(["tga:x"], "--exclude"));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.SelectorSyntax, d.Code);
        Assert.Null(d.Location);
        Assert.StartsWith("--exclude 'tga:x': unknown selector method 'tga'", d.Message, StringComparison.Ordinal);
        Assert.EndsWith("did you mean 'tag'?", d.Message, StringComparison.Ordinal);
    }
}
