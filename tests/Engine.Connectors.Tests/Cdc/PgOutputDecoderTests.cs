using System.Buffers.Binary;
using System.Text;
using Engine.Connectors.Cdc;
using Engine.Warehouse.Cdc;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// The decoder on messages built byte by byte after PostgreSQL's "Logical Replication Message Formats" (protocol 1):
/// the cases the sync tests do not reach with a real server (multi-byte text, a resent transaction).
/// </summary>
public sealed class PgOutputDecoderTests
{
    [Fact]
    public void A_transaction_decodes_to_its_begin_relation_rows_and_commit()
    {
        var events = Decode(0x100,
            Message('B', w => w.U64(0x200).I64(86_400_000_000).I32(7)),
            Message('R', w => w.U32(42).Str("public").Str("activities").U8((byte)'d').I16(3)
                .U8(1).Str("id").U32(20).I32(-1).U8(0).Str("name").U32(25).I32(-1).U8(0).Str("raw").U32(3802).I32(-1)),
            Message('I', w => w.U32(42).U8((byte)'N').I16(3).Text("1").Text("Café ✓\tdone").U8((byte)'n')),
            Message('U', w => w.U32(42).U8((byte)'N').I16(3).Text("1").Text("x").U8((byte)'u')),
            Message('U', w => w.U32(42).U8((byte)'K').I16(3).Text("1").U8((byte)'n').U8((byte)'n').U8((byte)'N').I16(3).Text("2").Text("x").Text("{}")),
            Message('D', w => w.U32(42).U8((byte)'K').I16(3).Text("2").U8((byte)'n').U8((byte)'n')),
            Message('T', w => w.I32(1).U8(0).U32(42)),
            Message('M', w => w.U8(1).U64(0x1F0).Str(ChangeStream.MarkerPrefix).I32(2).U8(1).U8(2)),
            Message('C', w => w.U8(0).U64(0x200).U64(0x208).I64(86_400_000_000)));

        var begin = Assert.IsType<BeginEvent>(events[0]);
        Assert.Equal(0x200UL, begin.FinalLsn);
        Assert.Equal(new DateTime(2000, 1, 2, 0, 0, 0, DateTimeKind.Utc), begin.CommitTimeUtc);
        var relation = Assert.IsType<RelationEvent>(events[1]);
        Assert.Equal(("public", "activities", 42u), (relation.Namespace, relation.Name, relation.RelationId));
        Assert.Equal("id:20:-1,name:25:-1,raw:3802:-1", string.Join(',', relation.Columns.Select(c => $"{c.Name}:{c.TypeOid}:{c.TypeModifier}")));

        var insert = Assert.IsType<RowEvent>(events[2]);
        Assert.Equal(CdcOperation.Insert, insert.Operation);
        Assert.Equal("1|Café ✓\tdone|(null)", Join(insert.Values));
        Assert.Null(insert.Toasted);
        var update = Assert.IsType<RowEvent>(events[3]);
        Assert.Equal(CdcOperation.Update, update.Operation);
        Assert.Equal([false, false, true], update.Toasted!);

        // A key change: the old key deleted (only the key was sent), then the new row inserted.
        var (keyDelete, keyInsert) = (Assert.IsType<RowEvent>(events[4]), Assert.IsType<RowEvent>(events[5]));
        Assert.Equal((CdcOperation.Delete, true, "1"), (keyDelete.Operation, keyDelete.KeyOnly, Text(keyDelete.Values[0])));
        Assert.Equal((CdcOperation.Insert, false), (keyInsert.Operation, keyInsert.KeyOnly));
        Assert.Equal("2|x|{}", Join(keyInsert.Values));
        var delete = Assert.IsType<RowEvent>(events[6]);
        Assert.Equal((CdcOperation.Delete, true), (delete.Operation, delete.KeyOnly));

        Assert.Equal(42u, Assert.Single(Assert.IsType<TruncateEvent>(events[7]).RelationIds));
        Assert.Equal(0x1F0UL, Assert.IsType<MarkerEvent>(events[8]).Lsn);
        Assert.Equal(0x208UL, Assert.IsType<CommitEvent>(events[9]).EndLsn);
        Assert.Equal(10, events.Count);
    }

    [Fact]
    public void A_transaction_the_warehouse_has_is_dropped_but_its_relation_is_kept()
    {
        var events = Decode(0x300,
            Message('B', w => w.U64(0x200).I64(0).I32(7)),
            Message('R', w => w.U32(42).Str("public").Str("t").U8((byte)'d').I16(1).U8(1).Str("id").U32(20).I32(-1)),
            Message('I', w => w.U32(42).U8((byte)'N').I16(1).Text("1")),
            Message('C', w => w.U8(0).U64(0x200).U64(0x208).I64(0)),
            Message('B', w => w.U64(0x400).I64(0).I32(8)),
            Message('I', w => w.U32(42).U8((byte)'N').I16(1).Text("2")),
            Message('C', w => w.U8(0).U64(0x400).U64(0x408).I64(0)));

        Assert.Collection(
            events,
            e => Assert.IsType<RelationEvent>(e),
            e => Assert.Equal(0x400UL, Assert.IsType<BeginEvent>(e).FinalLsn),
            e => Assert.Equal("2", Join(Assert.IsType<RowEvent>(e).Values)),
            e => Assert.Equal(0x408UL, Assert.IsType<CommitEvent>(e).EndLsn));
    }

    [Fact]
    public void A_message_cut_short_is_an_error_not_a_read_past_its_end()
    {
        var message = Message('I', w => w.U32(42).U8((byte)'N').I16(1).U8((byte)'t').I32(10).Raw("abc"u8));
        var skip = false;
        Assert.Throws<InvalidDataException>(() => PgOutputDecoder.Decode(message, 0, ref skip, []));
    }

    private static string Join(ReadOnlyMemory<byte>?[] values) => string.Join('|', values.Select(v => Text(v) ?? "(null)"));

    private static string? Text(ReadOnlyMemory<byte>? value) => value is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null;

    private static List<StreamEvent> Decode(ulong startLsn, params byte[][] messages)
    {
        var events = new List<StreamEvent>();
        var skip = false;
        foreach (var message in messages)
        {
            PgOutputDecoder.Decode(message, startLsn, ref skip, events);
        }

        return events;
    }

    private static byte[] Message(char type, Func<Writer, Writer> body) => body(new Writer().U8((byte)type)).ToArray();

    private sealed class Writer
    {
        private readonly MemoryStream _bytes = new();

        public Writer U8(byte value)
        {
            _bytes.WriteByte(value);
            return this;
        }

        public Writer I16(short value) => Put(2, s => BinaryPrimitives.WriteInt16BigEndian(s, value));

        public Writer I32(int value) => Put(4, s => BinaryPrimitives.WriteInt32BigEndian(s, value));

        public Writer U32(uint value) => Put(4, s => BinaryPrimitives.WriteUInt32BigEndian(s, value));

        public Writer I64(long value) => Put(8, s => BinaryPrimitives.WriteInt64BigEndian(s, value));

        public Writer U64(ulong value) => Put(8, s => BinaryPrimitives.WriteUInt64BigEndian(s, value));

        public Writer Str(string value) => Raw(Encoding.UTF8.GetBytes(value)).U8(0);

        public Writer Text(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return U8((byte)'t').I32(bytes.Length).Raw(bytes);
        }

        public Writer Raw(ReadOnlySpan<byte> bytes)
        {
            _bytes.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private Writer Put(int size, SpanAction write)
        {
            Span<byte> buffer = stackalloc byte[size];
            write(buffer);
            return Raw(buffer);
        }

        private delegate void SpanAction(Span<byte> span);
    }
}
