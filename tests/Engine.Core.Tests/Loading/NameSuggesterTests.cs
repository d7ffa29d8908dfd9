using Engine.Core.Loading;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class NameSuggesterTests
{
    [Theory]
    [InlineData("descripton", "description")]
    [InlineData("materialised", "materialized")]
    [InlineData("uniqe", "unique")]
    [InlineData("dim_athelete", "dim_athlete")]
    [InlineData("MODELS", "models")]
    public void Suggests_the_nearest_candidate(string input, string expected) =>
        Assert.Equal(expected, NameSuggester.Suggest(input, ["models", "description", "materialized", "unique", "not_null", "dim_athlete"]));

    [Fact]
    public void Suggests_nothing_when_every_candidate_is_too_far() =>
        Assert.Null(NameSuggester.Suggest("orders", ["customers", "payments"]));

    [Fact]
    public void Suggests_nothing_without_candidates() => Assert.Null(NameSuggester.Suggest("x", []));

    [Fact]
    public void Ties_go_to_the_ordinally_first_candidate() =>
        Assert.Equal("ab", NameSuggester.Suggest("a", ["ac", "ab"]));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("abc", "ab", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("Tag", "tag", 0)]
    public void Distance_counts_a_transposition_as_one_edit(string a, string b, int expected) =>
        Assert.Equal(expected, NameSuggester.Distance(a, b));

    [Fact]
    public void Did_you_mean_is_ready_to_append_or_empty()
    {
        Assert.Equal("; did you mean 'tag'?", NameSuggester.DidYouMean("tga", ["tag", "path"]));
        Assert.Equal(string.Empty, NameSuggester.DidYouMean("resource", ["tag"]));
    }
}
