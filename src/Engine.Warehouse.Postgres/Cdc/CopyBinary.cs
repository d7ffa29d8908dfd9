using System.Buffers.Binary;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// Builds the data of a <c>COPY ... FROM STDIN (FORMAT binary)</c> (PostgreSQL's "COPY" reference, "Binary Format"):
/// a header, per row a field count and each field as its length (-1 for null) and its type's binary form, a trailer.
/// The data is kept in chunks below the large-object heap's threshold, reused from batch to batch: one contiguous buffer
/// grown by doubling left tens of megabytes of large-object garbage per batch and raised the sync's peak memory.
/// </summary>
internal sealed class CopyBinary
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Chunks kept for the next batch after a large one: 16 MB.</summary>
    private const int ChunksKept = 256;

    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    /// <summary>"PGCOPY\n\377\r\n\0".</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly List<byte[]> _chunks = [new byte[ChunkSize]];
    private readonly List<int> _used = [0];
    private int _current;

    /// <summary>The data written since <see cref="Start"/>, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Segments
    {
        get
        {
            for (var i = 0; i <= _current; i++)
            {
                yield return _chunks[i].AsMemory(0, _used[i]);
            }
        }
    }

    /// <summary>Starts a new COPY: the header (signature, no flags, no extension).</summary>
    public void Start()
    {
        if (_chunks.Count > ChunksKept)
        {
            // An exceptional batch of huge rows does not pin its memory for the run.
            _chunks.RemoveRange(ChunksKept, _chunks.Count - ChunksKept);
            _used.RemoveRange(ChunksKept, _used.Count - ChunksKept);
        }

        _current = 0;
        _used[0] = 0;
        Signature.CopyTo(Take(Signature.Length));
        Int32(0);
        Int32(0);
    }

    public void Row(int fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), checked((short)fields));

    public void End() => BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);

    public void Null() => Int32(-1);

    /// <summary>A value already in its type's binary form, as pgoutput sent it.</summary>
    public void Value(ReadOnlySpan<byte> value)
    {
        Int32(value.Length);
        value.CopyTo(Take(value.Length));
    }

    public void Int4(int value)
    {
        Int32(4);
        Int32(value);
    }

    /// <summary>A <c>pg_lsn</c>, <c>int8</c> or other 8-byte integer.</summary>
    public void Int8(ulong value)
    {
        Int32(8);
        BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);
    }

    /// <summary>A <c>"char"</c>: one byte.</summary>
    public void Char(byte value)
    {
        Int32(1);
        Take(1)[0] = value;
    }

    /// <summary>A <c>timestamptz</c>: microseconds since 2000-01-01 UTC.</summary>
    public void Timestamp(DateTime utc) => Int8((ulong)((utc - PostgresEpoch).Ticks / 10));

    /// <summary>A one-dimensional <c>smallint[]</c> without nulls.</summary>
    public void Int2Array(ReadOnlySpan<short> values)
    {
        Int32(20 + (6 * values.Length));
        Int32(1); // dimensions
        Int32(0); // no nulls
        Int32(21); // int2's OID
        Int32(values.Length);
        Int32(1); // lower bound
        foreach (var value in values)
        {
            Int32(2);
            BinaryPrimitives.WriteInt16BigEndian(Take(2), value);
        }
    }

    private void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    private Span<byte> Take(int count)
    {
        if (_used[_current] + count > _chunks[_current].Length)
        {
            _current++;
            if (_current == _chunks.Count)
            {
                _chunks.Add(new byte[Math.Max(ChunkSize, count)]);
                _used.Add(0);
            }
            else if (_chunks[_current].Length < count)
            {
                _chunks[_current] = new byte[count]; // one value larger than a chunk
            }

            _used[_current] = 0;
        }

        var span = _chunks[_current].AsSpan(_used[_current], count);
        _used[_current] += count;
        return span;
    }
}
