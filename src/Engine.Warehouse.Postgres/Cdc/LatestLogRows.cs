using System.Text;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// Where in its change log each key's latest change is, for the keys this sink logged in its transactions so far. A
/// delete that sends only its key is logged with the values of that row (<see cref="PostgresCdcSql.LogDeletes"/>) when
/// the key is here, so it goes into the log like any change and the current state takes it at the derive; otherwise the
/// table's backlog is applied first and the stored row read. Bounded: past <see cref="MaxKeys"/> new keys are not
/// taken (a key already here is always moved, so what is here is never stale), and forgotten with the transaction that
/// logged them.
/// </summary>
internal sealed class LatestLogRows
{
    /// <summary>
    /// A key of up to 8 bytes (an integer key as the binary stream sends it) costs about 40 bytes here, one of another
    /// kind about 100: at most 10 MB for the usual integer keys, 25 MB for others. With 500,000 (1,000,000 changes of
    /// the CDC bench) the sync's peak memory rose from 125-128 MB to 181-194 MB, near the 200 MB it is held to.
    /// </summary>
    public const int MaxKeys = 250_000;

    private readonly Dictionary<string, TableRows> _tables = new(StringComparer.Ordinal);
    private int _count;

    public void Record(string table, string key, CdcLogPosition position)
    {
        if (!_tables.TryGetValue(table, out var rows))
        {
            _tables[table] = rows = new TableRows();
        }

        if (rows.Set(key, position, add: _count < MaxKeys))
        {
            _count++;
        }
    }

    public CdcLogPosition? Find(string table, string key) => _tables.TryGetValue(table, out var rows) ? rows.Find(key) : null;

    /// <summary>The table was truncated or made again: none of its rows is any key's latest.</summary>
    public void Forget(string table)
    {
        if (_tables.Remove(table, out var rows))
        {
            _count -= rows.Count;
        }
    }

    /// <summary>The transaction rolled back: rows it logged are gone, and this does not know which were committed before.</summary>
    public void Clear()
    {
        _tables.Clear();
        _count = 0;
    }

    /// <summary>The key at <paramref name="positions"/> of text values, each part after its length, as <c>CdcBinaryChange.Key</c> does for bytes.</summary>
    public static string TextKey(IReadOnlyList<string?> values, int[] positions)
    {
        if (positions.Length == 1)
        {
            return values[positions[0]] ?? "\uffff";
        }

        var key = new StringBuilder();
        foreach (var position in positions)
        {
            var part = values[position];
            key.Append(part is null ? "\uffff" : part.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(part);
        }

        return key.ToString();
    }

    /// <summary>
    /// One table's keys. Keys of the length of the first one seen, when that is at most 8 one-byte characters (a binary
    /// integer key: all of a table's have one length), are kept as numbers, without an object each; the rest as strings.
    /// </summary>
    private sealed class TableRows
    {
        private readonly Dictionary<long, CdcLogPosition> _packed = [];
        private readonly Dictionary<string, CdcLogPosition> _other = new(StringComparer.Ordinal);
        private int _packedLength = -1;

        public int Count => _packed.Count + _other.Count;

        /// <summary>Sets the key's position when it is here or <paramref name="add"/>; true when it was added.</summary>
        public bool Set(string key, CdcLogPosition position, bool add)
        {
            if (_packedLength < 0 && key.Length <= 8)
            {
                _packedLength = key.Length;
            }

            if (Pack(key) is { } packed)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_packed, packed);
                if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot))
                {
                    slot = position;
                    return false;
                }

                if (add)
                {
                    _packed[packed] = position;
                }

                return add;
            }

            if (_other.ContainsKey(key))
            {
                _other[key] = position;
                return false;
            }

            if (add)
            {
                _other[key] = position;
            }

            return add;
        }

        public CdcLogPosition? Find(string key) =>
            Pack(key) is { } packed
                ? (_packed.TryGetValue(packed, out var p) ? p : null)
                : (_other.TryGetValue(key, out var o) ? o : null);

        private long? Pack(string key)
        {
            if (key.Length != _packedLength)
            {
                return null;
            }

            long packed = 0;
            foreach (var c in key)
            {
                if (c > 0xFF)
                {
                    return null;
                }

                packed = (packed << 8) | c;
            }

            return packed;
        }
    }
}
