using Engine.Warehouse.Postgres.Cdc;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres.Cdc;

/// <summary>The positions of keys' latest logged rows: exact for every kind of key, bounded, never stale.</summary>
public sealed class LatestLogRowsTests
{
    [Fact]
    public void Keys_of_the_packed_length_and_of_other_lengths_are_told_apart_exactly()
    {
        var rows = new LatestLogRows();
        // A binary bigint key (8 one-byte characters) sets the packed length; shorter keys with the same trailing bytes
        // and keys with wider characters stay strings.
        rows.Record("t", "\0\0\0\0\0\0\0\u0001", new CdcLogPosition(10, 1));
        rows.Record("t", "\u0001", new CdcLogPosition(10, 2));
        rows.Record("t", "\0\0\0\0\0\0\u0001\0", new CdcLogPosition(10, 3));
        rows.Record("t", "ab\u20ac", new CdcLogPosition(10, 4));
        rows.Record("u", "\0\0\0\0\0\0\0\u0001", new CdcLogPosition(20, 1));

        Assert.Equal(new CdcLogPosition(10, 1), rows.Find("t", "\0\0\0\0\0\0\0\u0001"));
        Assert.Equal(new CdcLogPosition(10, 2), rows.Find("t", "\u0001"));
        Assert.Equal(new CdcLogPosition(10, 3), rows.Find("t", "\0\0\0\0\0\0\u0001\0"));
        Assert.Equal(new CdcLogPosition(10, 4), rows.Find("t", "ab\u20ac"));
        Assert.Null(rows.Find("t", "\0\0\0\0\0\0\0\u0002"));
        Assert.Equal(new CdcLogPosition(20, 1), rows.Find("u", "\0\0\0\0\0\0\0\u0001"));

        rows.Forget("t");
        Assert.Null(rows.Find("t", "\u0001"));
        Assert.Equal(new CdcLogPosition(20, 1), rows.Find("u", "\0\0\0\0\0\0\0\u0001"));
    }

    [Fact]
    public void Past_the_bound_new_keys_are_not_taken_but_a_key_already_there_still_moves()
    {
        var rows = new LatestLogRows();
        for (var i = 0; i < LatestLogRows.MaxKeys; i++)
        {
            rows.Record("t", Key(i), new CdcLogPosition(1, i));
        }

        rows.Record("t", Key(LatestLogRows.MaxKeys), new CdcLogPosition(2, 0));
        rows.Record("t", Key(7), new CdcLogPosition(2, 1));

        Assert.Null(rows.Find("t", Key(LatestLogRows.MaxKeys)));
        Assert.Equal(new CdcLogPosition(2, 1), rows.Find("t", Key(7)));

        // Room given back by a forgotten table is taken again.
        rows.Forget("t");
        rows.Record("u", "k", new CdcLogPosition(3, 0));
        Assert.Equal(new CdcLogPosition(3, 0), rows.Find("u", "k"));
    }

    private static string Key(int i) => string.Create(8, i, (span, value) =>
    {
        for (var b = 0; b < 8; b++)
        {
            span[7 - b] = (char)((value >> (8 * b)) & 0xFF);
        }
    });
}
