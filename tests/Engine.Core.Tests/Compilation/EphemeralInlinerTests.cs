using Engine.Core.Compilation;
using Xunit;

namespace Engine.Core.Tests.Compilation;

public sealed class EphemeralInlinerTests
{
    private static readonly (string, string)[] OneCte = [("e", "select 1;\n")];

    [Fact]
    public void No_ctes_leaves_the_query_alone() => Assert.Equal("select 1", EphemeralInliner.Inline("select 1", []));

    [Fact]
    public void Query_without_with_gets_a_with_clause_after_leading_comments()
    {
        Assert.Equal(
            "-- note\n/* block */ with e as (\nselect 1\n)\nselect * from e",
            EphemeralInliner.Inline("-- note\n/* block */ select * from e", OneCte));
    }

    [Fact]
    public void Query_with_with_gets_the_ctes_prepended_to_its_list() =>
        Assert.Equal("with e as (\nselect 1\n), x as (select 2) select * from x", EphemeralInliner.Inline("with x as (select 2) select * from x", OneCte));

    [Fact]
    public void With_recursive_keeps_recursive_first() =>
        Assert.Equal(
            "WITH RECURSIVE e as (\nselect 1\n), r as (select 1) select * from r",
            EphemeralInliner.Inline("WITH RECURSIVE r as (select 1) select * from r", OneCte));

    [Fact]
    public void Word_starting_with_with_is_not_a_with_clause() =>
        Assert.Equal("with e as (\nselect 1\n)\nwithin_group", EphemeralInliner.Inline("within_group", OneCte));

    [Fact]
    public void Several_ctes_keep_their_order() =>
        Assert.Equal(
            "with a as (\nselect 1\n),\nb as (\nselect 2\n)\nselect 3",
            EphemeralInliner.Inline("select 3", [("a", "select 1"), ("b", " select 2 ; ")]));

    [Theory]
    [InlineData("select 1;", "select 1")]
    [InlineData("  select 1 ;  \n", "select 1")]
    [InlineData("select 1;;", "select 1")]
    public void Trim_drops_whitespace_and_terminators(string body, string expected) => Assert.Equal(expected, EphemeralInliner.Trim(body));
}
