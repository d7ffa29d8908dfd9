using Engine.Warehouse.Cdc;

namespace Engine.Connectors.Cdc;

/// <summary>
/// The changes of one table waiting for the next apply. Values the source did not send (unchanged TOAST values,
/// the non-key columns of a delete) are taken from an earlier change of the same key in the buffer when there is
/// one; otherwise they stay marked and the sink takes them from the stored row.
/// </summary>
internal sealed class TableBuffer
{
    private readonly Dictionary<string, (string?[] Values, bool[]? Unchanged)> _latest = new(StringComparer.Ordinal);
    private readonly List<CdcChange> _changes = [];
    private int[] _key;

    public TableBuffer(SourceTable table)
    {
        Table = table;
        _key = KeyPositions(table.Warehouse);
    }

    public SourceTable Table { get; private set; }

    public IReadOnlyList<CdcChange> Changes => _changes;

    public int Count => _changes.Count;

    /// <summary>Takes a wider shape (a column added at the source); only when empty, so every change has one shape.</summary>
    public void Reshape(SourceTable table)
    {
        if (_changes.Count > 0)
        {
            throw new InvalidOperationException("apply the buffered changes before changing the table's shape");
        }

        Table = table;
        _key = KeyPositions(table.Warehouse);
    }

    public void Add(CdcOperation operation, ulong lsn, int sequence, DateTime commitTimeUtc, string?[] values, bool[]? unchanged)
    {
        var key = Key(values);
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
        _changes.Add(new CdcChange(operation, new CdcPosition(lsn), sequence, commitTimeUtc, values, unchanged));
    }

    public void Clear()
    {
        _changes.Clear();
        _latest.Clear();
    }

    private static int[] KeyPositions(CdcTable table) => table.PrimaryKey.Select(table.IndexOf).ToArray();

    private string Key(string?[] values) =>
        _key.Length == 1 ? values[_key[0]] ?? string.Empty : string.Join('\u001f', _key.Select(k => values[k] ?? string.Empty));
}
