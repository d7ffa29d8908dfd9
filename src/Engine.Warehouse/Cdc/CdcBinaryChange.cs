using System.Text;

namespace Engine.Warehouse.Cdc;

/// <summary>
/// One row change as the source sent it, in the column order of its <see cref="CdcTable"/>: each value is the bytes of
/// its type's binary send format (PostgreSQL's pgoutput with <c>binary</c>), or null for SQL null. A sink that accepts
/// it (<see cref="ICdcSink.AcceptsBinary"/>) writes the bytes through without a string per value; they are valid only
/// for a warehouse column of the column's <see cref="CdcColumn.SourceType"/>. Otherwise as <see cref="CdcChange"/>.
/// </summary>
public sealed record CdcBinaryChange(
    CdcOperation Operation,
    CdcPosition Position,
    int Sequence,
    DateTime CommitTimeUtc,
    IReadOnlyList<ReadOnlyMemory<byte>?> Values,
    IReadOnlyList<bool>? Unchanged)
{
    /// <summary>
    /// The key at <paramref name="positions"/> as a string of its bytes (one char per byte), each part after its length,
    /// so that two keys are equal exactly when their values' bytes are: the reader's buffer and the sink compare keys so.
    /// </summary>
    public static string Key(IReadOnlyList<ReadOnlyMemory<byte>?> values, int[] positions)
    {
        if (positions.Length == 1)
        {
            return values[positions[0]] is { } single ? Encoding.Latin1.GetString(single.Span) : "\uffff";
        }

        var key = new StringBuilder();
        foreach (var position in positions)
        {
            if (values[position] is { } part)
            {
                key.Append((char)(part.Length >> 16)).Append((char)(part.Length & 0xffff)).Append(Encoding.Latin1.GetString(part.Span));
            }
            else
            {
                key.Append('\uffff').Append('\uffff');
            }
        }

        return key.ToString();
    }
}
