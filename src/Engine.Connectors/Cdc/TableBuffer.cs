using System.Text;
using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The changes of one table waiting for the next apply, with their values as the source sent them (text or binary
/// bytes). Values the source did not send (unchanged TOAST values, the non-key columns of a delete) are taken from an
/// earlier change of the same key in the buffer when there is one; otherwise they stay marked and the sink takes them
/// from the stored row. Keys compare by their bytes.
/// </summary>
internal sealed class TableBuffer
{
    private readonly Dictionary<string, (ReadOnlyMemory<byte>?[] Values, bool[]? Unchanged)> _latest = new(StringComparer.Ordinal);
    private readonly List<CdcBinaryChange> _changes = [];
    private int[] _key;

    public TableBuffer(SourceTable table)
    {
        Table = table;
        _key = table.Warehouse.KeyPositions();
    }

    public SourceTable Table { get; private set; }

    /// <summary>The buffered changes with their values as sent: for a sink that takes binary values from a binary stream.</summary>
    public IReadOnlyList<CdcBinaryChange> Changes => _changes;

    public int Count => _changes.Count;

    /// <summary>True once the sink has prepared this table (in this shape) for the run.</summary>
    public bool Prepared { get; set; }

    /// <summary>The buffered changes with their values as strings: the values of a text stream, decoded from UTF-8.</summary>
    public IReadOnlyList<CdcChange> TextChanges()
    {
        var result = new List<CdcChange>(_changes.Count);
        foreach (var change in _changes)
        {
            var values = new string?[change.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                if (change.Values[i] is { } value)
                {
                    values[i] = Encoding.UTF8.GetString(value.Span);
                }
            }

            result.Add(new CdcChange(change.Operation, change.Position, change.Sequence, change.CommitTimeUtc, values, change.Unchanged));
        }

        return result;
    }

    /// <summary>Takes a wider shape (a column added at the source); only when empty, so every change has one shape.</summary>
    public void Reshape(SourceTable table)
    {
        if (_changes.Count > 0)
        {
            throw new InvalidOperationException("apply the buffered changes before changing the table's shape");
        }

        Table = table;
        _key = table.Warehouse.KeyPositions();
    }

    public void Add(CdcOperation operation, ulong lsn, int sequence, DateTime commitTimeUtc, ReadOnlyMemory<byte>?[] values, bool[]? unchanged)
    {
        var key = CdcBinaryChange.Key(values, _key);
        if (unchanged is not null && _latest.TryGetValue(key, out var previous))
        {
            var stillUnchanged = false;
            for (var i = 0; i < values.Length; i++)
            {
                if (!unchanged[i])
                {
                    continue;
                }

                if (previous.Unchanged is { } p && p[i])
                {
                    stillUnchanged = true;
                }
                else
                {
                    values[i] = previous.Values[i];
                    unchanged[i] = false;
                }
            }

            if (!stillUnchanged)
            {
                unchanged = null;
            }
        }

        _latest[key] = (values, unchanged);
        _changes.Add(new CdcBinaryChange(operation, new CdcPosition(lsn), sequence, commitTimeUtc, values, unchanged));
    }

    public void Clear()
    {
        _changes.Clear();
        _latest.Clear();
    }
}
