using System.Text;
using Engine.Warehouse.Postgres;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres;

public sealed class PostgresIdentifierTests
{
    [Fact]
    public void ShortNamesAreKeptAsWritten() => Assert.Equal("\"fact_activity\"", PostgresDialect.Instance.QuoteIdentifier("fact_activity"));

    [Fact]
    public void LongNamesAreCutTo63BytesWithoutCollisions()
    {
        var a = new string('a', 70) + "_one";
        var b = new string('a', 70) + "_two";
        var shortA = PostgresDialect.Instance.Shorten(a);
        var shortB = PostgresDialect.Instance.Shorten(b);
        Assert.Equal(63, Encoding.UTF8.GetByteCount(shortA));
        Assert.NotEqual(shortA, shortB);
        Assert.Equal(shortA, PostgresDialect.Instance.Shorten(a));
    }

    [Fact]
    public void MultiByteNamesAreNotCutInsideACharacter()
    {
        var name = string.Concat(Enumerable.Repeat("é", 40));
        var shortened = PostgresDialect.Instance.Shorten(name);
        Assert.True(Encoding.UTF8.GetByteCount(shortened) <= 63);
        Assert.DoesNotContain('\uFFFD', shortened);
    }
}
