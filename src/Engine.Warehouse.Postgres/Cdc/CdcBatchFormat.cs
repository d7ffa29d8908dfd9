using System.Text;
using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// The COPY data of one batch of changes, for <see cref="PostgresCdcSink"/>: rows of the change log when every change
/// carries every value, else rows of the session's temp table with each change's operation and the positions of the
/// values the source did not send. Each also returns the batch's counts, whether some values must be filled from the
/// stored rows, and whether a key comes more than once (the statements applying the temp table differ then).
/// </summary>
internal static class CdcBatchFormat
{
    /// <summary>Writes <paramref name="changes"/> as binary COPY rows for the staging table, or for the change log, with the values as the source sent them.</summary>
    public static (CdcApplyCounts Counts, bool Fill, bool Repeated) Binary(IReadOnlyList<CdcBinaryChange> changes, IReadOnlyList<string> keys, CopyBinary copy, bool toLog)
    {
        var fill = false;
        var repeated = false;
        var seen = new HashSet<string>(changes.Count, StringComparer.Ordinal);
        var unchangedPositions = new List<short>();
        copy.Start();
        for (var row = 0; row < changes.Count; row++)
        {
            var change = changes[row];
            if (toLog)
            {
                // The change log's columns: operation, position, sequence, commit time, values.
                copy.Row(4 + change.Values.Count);
                copy.Value(change.Operation switch { CdcOperation.Insert => "insert"u8, CdcOperation.Update => "update"u8, _ => "delete"u8 });
                copy.Int8(change.Position.Value);
                copy.Int4(change.Sequence);
                copy.Timestamp(change.CommitTimeUtc);
                WriteValues(copy, change.Values);
                continue;
            }

            copy.Row(5 + change.Values.Count);
            copy.Int8(change.Position.Value);
            copy.Int4(change.Sequence);
            copy.Char((byte)StagingCode(change.Operation));
            copy.Timestamp(change.CommitTimeUtc);
            unchangedPositions.Clear();
            if (change.Unchanged is { } unchanged)
            {
                for (var i = 0; i < unchanged.Count; i++)
                {
                    if (unchanged[i])
                    {
                        unchangedPositions.Add(checked((short)(i + 1)));
                    }
                }
            }

            if (unchangedPositions.Count > 0)
            {
                copy.Int2Array(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(unchangedPositions));
                fill = true;
            }
            else
            {
                copy.Null();
            }

            repeated = repeated || !seen.Add(keys[row]);
            WriteValues(copy, change.Values);
        }

        copy.End();
        return (Counts(changes, c => c.Operation), fill, repeated);
    }

    private static void WriteValues(CopyBinary copy, IReadOnlyList<ReadOnlyMemory<byte>?> values)
    {
        foreach (var value in values)
        {
            if (value is { } bytes)
            {
                copy.Value(bytes.Span);
            }
            else
            {
                copy.Null();
            }
        }
    }

    /// <summary>Writes <paramref name="changes"/> as COPY text lines for the staging table, or for the change log.</summary>
    public static (CdcApplyCounts Counts, bool Fill, bool Repeated) Text(IReadOnlyList<CdcChange> changes, IReadOnlyList<string> keys, StringBuilder line, bool toLog)
    {
        var fill = false;
        var repeated = false;
        var seen = new HashSet<string>(changes.Count, StringComparer.Ordinal);
        var lastPosition = default(CdcPosition);
        var lastTime = default(DateTime);
        string lsnText = string.Empty, timeText = string.Empty;
        for (var row = 0; row < changes.Count; row++)
        {
            var change = changes[row];
            // The changes of one source transaction share both: format them once.
            if (change.Position != lastPosition || change.CommitTimeUtc != lastTime)
            {
                (lastPosition, lastTime) = (change.Position, change.CommitTimeUtc);
                (lsnText, timeText) = (change.Position.ToString(), CopyText.Timestamp(change.CommitTimeUtc));
            }

            if (toLog)
            {
                line.Append(CdcMetadata.OperationName(change.Operation)).Append('\t')
                    .Append(lsnText).Append('\t')
                    .Append(change.Sequence).Append('\t')
                    .Append(timeText);
            }
            else
            {
                line.Append(lsnText).Append('\t')
                    .Append(change.Sequence).Append('\t')
                    .Append(StagingCode(change.Operation)).Append('\t')
                    .Append(timeText).Append('\t');
                fill |= AppendUnchanged(line, change.Unchanged);
                repeated = repeated || !seen.Add(keys[row]);
            }

            foreach (var value in change.Values)
            {
                line.Append('\t');
                CopyText.Append(line, value);
            }

            line.Append('\n');
        }

        return (Counts(changes, c => c.Operation), fill, repeated);
    }

    /// <summary>Writes <c>_u</c>: the 1-based positions of the values the source did not send, or \N.</summary>
    private static bool AppendUnchanged(StringBuilder line, IReadOnlyList<bool>? unchanged)
    {
        var any = false;
        if (unchanged is not null)
        {
            for (var i = 0; i < unchanged.Count; i++)
            {
                if (unchanged[i])
                {
                    line.Append(any ? ',' : '{').Append(i + 1);
                    any = true;
                }
            }
        }

        line.Append(any ? "}" : "\\N");
        return any;
    }

    /// <summary>The temp table's <c>_op</c>: one character per operation, which the applying statements test.</summary>
    private static char StagingCode(CdcOperation operation) =>
        operation switch { CdcOperation.Insert => 'I', CdcOperation.Update => 'U', _ => 'D' };

    private static CdcApplyCounts Counts<T>(IReadOnlyList<T> changes, Func<T, CdcOperation> operation)
    {
        long inserted = 0, updated = 0, deleted = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            switch (operation(changes[i]))
            {
                case CdcOperation.Insert: inserted++; break;
                case CdcOperation.Update: updated++; break;
                default: deleted++; break;
            }
        }

        return new CdcApplyCounts(inserted, updated, deleted);
    }
}
