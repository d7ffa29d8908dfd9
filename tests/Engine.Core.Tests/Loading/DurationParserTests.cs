using Engine.Core.Loading;
using Xunit;

namespace Engine.Core.Tests.Loading;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("1.5s", 1.5)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    [InlineData(" 0s ", 0)]
    [InlineData("7 days", 604800)] // the spelled-out form of earlier versions, still read
    [InlineData("15 minutes", 900)]
    [InlineData("1 hour", 3600)]
    [InlineData("30 seconds", 30)]
    public void Reads_a_number_and_a_unit(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("a week")]
    [InlineData("-5s")]
    [InlineData("7 fortnights")]
    [InlineData("10sec")]
    [InlineData("99999999999999d")]
    public void Rejects_anything_else(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
