using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Decodes one pgoutput (protocol version 1) message from its bytes into a <see cref="StreamEvent"/>, following
/// PostgreSQL's "Logical Replication Message Formats". Npgsql's own decoder reads every value through an async
/// call with a converter lookup and a cancellation registration; a drain decodes millions of values, so the reader
/// takes each message's bytes whole and decodes them here, synchronously; values stay bytes (text or, with pgoutput's <c>binary</c>, the types' send format).
/// </summary>
internal static class PgOutputDecoder
{
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The message's event(s): one, none (a message this engine does not use, or a change of a transaction it skips),
    /// or two for an update that changed the key (a delete of the old key, then an insert of the new row).
    /// <paramref name="skip"/> is true inside a transaction the warehouse already has.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> message, ulong startLsn, ref bool skip, List<StreamEvent> output)
    {
        var reader = new Reader(message);
        switch ((char)reader.Byte())
        {
            case 'B':
                {
                    var finalLsn = reader.UInt64();
                    var commitTime = Timestamp(reader.Int64());
                    // Resent after a crash between the warehouse commit and the confirmation: already applied.
                    skip = finalLsn < startLsn;
                    if (!skip)
                    {
                        output.Add(new BeginEvent(finalLsn, commitTime));
                    }

                    break;
                }

            case 'C':
                {
                    reader.Byte(); // flags
                    reader.UInt64(); // the commit's LSN
                    var endLsn = reader.UInt64();
                    if (!skip)
                    {
                        output.Add(new CommitEvent(endLsn));
                    }

                    skip = false;
                    break;
                }

            case 'R':
                {
                    var relationId = reader.UInt32();
                    var schema = reader.CString();
                    var name = reader.CString();
                    reader.Byte(); // replica identity setting
                    var count = reader.Int16();
                    var columns = ImmutableArray.CreateBuilder<RelationColumn>(count);
                    for (var i = 0; i < count; i++)
                    {
                        reader.Byte(); // flags (part of the key)
                        var column = reader.CString();
                        var type = reader.UInt32();
                        var modifier = reader.Int32();
                        columns.Add(new RelationColumn(column, type, modifier));
                    }

                    output.Add(new RelationEvent(relationId, schema, name, columns.MoveToImmutable()));
                    break;
                }

            case 'I' when !skip:
                {
                    var relationId = reader.UInt32();
                    reader.Byte(); // 'N'
                    output.Add(Row(ref reader, CdcOperation.Insert, relationId, keyOnly: false));
                    break;
                }

            case 'U' when !skip:
                {
                    var relationId = reader.UInt32();
                    var kind = (char)reader.Byte();
                    if (kind == 'K')
                    {
                        // The key itself changed: the old key is deleted, the new one written.
                        output.Add(Row(ref reader, CdcOperation.Delete, relationId, keyOnly: true));
                        reader.Byte(); // 'N'
                        output.Add(Row(ref reader, CdcOperation.Insert, relationId, keyOnly: false));
                    }
                    else
                    {
                        if (kind == 'O')
                        {
                            SkipTuple(ref reader);
                            reader.Byte(); // 'N'
                        }

                        output.Add(Row(ref reader, CdcOperation.Update, relationId, keyOnly: false));
                    }

                    break;
                }

            case 'D' when !skip:
                {
                    var relationId = reader.UInt32();
                    var kind = (char)reader.Byte();
                    output.Add(Row(ref reader, CdcOperation.Delete, relationId, keyOnly: kind == 'K'));
                    break;
                }

            case 'T' when !skip:
                {
                    var count = reader.Int32();
                    reader.Byte(); // options (CASCADE, RESTART IDENTITY)
                    var relations = ImmutableArray.CreateBuilder<uint>(count);
                    for (var i = 0; i < count; i++)
                    {
                        relations.Add(reader.UInt32());
                    }

                    output.Add(new TruncateEvent(relations.MoveToImmutable()));
                    break;
                }

            case 'M' when !skip:
                {
                    reader.Byte(); // flags (transactional)
                    var lsn = reader.UInt64();
                    if (reader.CString() == ChangeStream.MarkerPrefix)
                    {
                        output.Add(new MarkerEvent(lsn));
                    }

                    break;
                }

            default:
                // Origin ('O'), type ('Y'), and changes of a skipped transaction: nothing to apply.
                break;
        }
    }

    private static RowEvent Row(ref Reader reader, CdcOperation operation, uint relationId, bool keyOnly)
    {
        // The tuple is walked once to find its end, copied once, and its values are slices of the copy: no string
        // per value (a text sink decodes them later; a binary one writes the bytes as they came).
        var start = reader.Offset;
        SkipTuple(ref reader);
        var data = reader.Since(start).ToArray();
        var tuple = new Reader(data);
        var count = tuple.Int16();
        var values = new ReadOnlyMemory<byte>?[count];
        bool[]? toasted = null;
        for (var i = 0; i < count; i++)
        {
            switch ((char)tuple.Byte())
            {
                case 'n':
                    break;
                case 'u':
                    (toasted ??= new bool[count])[i] = true;
                    break;
                case 't':
                case 'b':
                    var length = tuple.Int32();
                    values[i] = new ReadOnlyMemory<byte>(data, tuple.Offset, length);
                    tuple.Bytes(length);
                    break;
                default:
                    throw new InvalidDataException($"pgoutput: unknown tuple value kind in a change of relation {relationId}");
            }
        }

        return new RowEvent(operation, relationId, values, toasted, keyOnly);
    }

    private static void SkipTuple(ref Reader reader)
    {
        var count = reader.Int16();
        for (var i = 0; i < count; i++)
        {
            var kind = (char)reader.Byte();
            if (kind is 't' or 'b')
            {
                reader.Bytes(reader.Int32());
            }
            else if (kind is not ('n' or 'u'))
            {
                throw new InvalidDataException("pgoutput: unknown tuple value kind");
            }
        }
    }

    private static DateTime Timestamp(long microseconds) => PostgresEpoch.AddTicks(microseconds * 10);

    /// <summary>Big-endian reads over one message; a message cut short throws rather than reading past its end.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _message;

        public Reader(ReadOnlySpan<byte> message) => _message = message;

        /// <summary>How many bytes were read so far.</summary>
        public int Offset { get; private set; }

        public byte Byte() => Bytes(1)[0];

        public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Bytes(2));

        public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Bytes(4));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Bytes(8));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Bytes(8));

        public readonly ReadOnlySpan<byte> Since(int start) => _message[start..Offset];

        public string CString()
        {
            var end = _message[Offset..].IndexOf((byte)0);
            if (end < 0)
            {
                throw new InvalidDataException("pgoutput: a string without its terminating zero byte");
            }

            var value = Encoding.UTF8.GetString(_message.Slice(Offset, end));
            Offset += end + 1;
            return value;
        }

        public ReadOnlySpan<byte> Bytes(int length)
        {
            var rest = _message.Length - Offset;
            if (length < 0 || length > rest)
            {
                throw new InvalidDataException($"pgoutput: a message ends {length - rest} bytes short");
            }

            var value = _message.Slice(Offset, length);
            Offset += length;
            return value;
        }
    }
}
