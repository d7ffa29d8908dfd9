using System.Threading.Channels;
using Npgsql.Replication;
using Npgsql.Replication.Internal;
using Npgsql.Replication.PgOutput;
using NpgsqlTypes;

namespace Engine.Connectors.Cdc;

/// <summary>
/// Reads the pgoutput stream and hands each message, copied into a <see cref="StreamEvent"/>, to the applier in
/// chunks through a bounded channel: the reader never runs more than a few thousand rows ahead, so memory stays
/// flat whatever the backlog. Transactions the warehouse already has are dropped here.
/// </summary>
internal static class StreamReader
{
    public const int ChunkSize = 512;
    public const int ChunksAhead = 8;

    /// <summary>
    /// How long reading pauses once it has caught up with the walsender. The engine reads the stream faster than the
    /// walsender produces it, so without a pause nearly every socket read found the few kilobytes sent since the last
    /// one, waited, and was resumed on the thread pool: at 1,000,000 changes the sync used 7.5-9.4 s of CPU, more than
    /// half of it in the kernel, with 170,000-317,000 voluntary context switches. After a read that had to wait, the
    /// next one starts a millisecond later and finds what accumulated in the meantime: 4.8-5.6 s, 58,000-104,000
    /// switches, and the walsender's own CPU fell too (bench/README.md, cdc). A drain's end is a millisecond later at most.
    /// </summary>
    private static readonly TimeSpan CatchUpPause = TimeSpan.FromMilliseconds(1);

    public static async Task ReadAsync(
        LogicalReplicationConnection replication,
        CdcSettings settings,
        ulong startLsn,
        bool binary,
        ChannelWriter<List<StreamEvent>> output,
        CancellationToken cancellationToken)
    {
        // Npgsql's pgoutput options, passed to the raw stream: each message's bytes are decoded by PgOutputDecoder.
        var options = new KeyValuePair<string, string?>[]
        {
            new("proto_version", "1"),
            new("publication_names", "\"" + settings.Publication.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""),
            new("binary", binary ? "true" : "false"),
            new("messages", "true"),
        };
        var chunk = new List<StreamEvent>(ChunkSize);
        var skip = false;
        var buffer = new byte[1 << 16];
        var stream = replication.StartLogicalReplication(
            new PgOutputReplicationSlot(settings.Slot), cancellationToken, new NpgsqlLogSequenceNumber(startLsn), options);
        var messages = stream.GetAsyncEnumerator();
        await using var _ = messages.ConfigureAwait(false);
        var waited = false;
        while (true)
        {
            if (waited)
            {
                await Task.Delay(CatchUpPause, cancellationToken).ConfigureAwait(false);
            }

            var next = messages.MoveNextAsync();
            waited = !next.IsCompleted;
            if (!await next.ConfigureAwait(false))
            {
                break;
            }

            var message = messages.Current;
            var length = (int)message.Data.Length;
            if (length > buffer.Length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            await message.Data.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            var before = chunk.Count;
            PgOutputDecoder.Decode(buffer.AsSpan(0, length), startLsn, ref skip, chunk);
            if (buffer.Length > 1 << 24)
            {
                buffer = new byte[1 << 16]; // one huge row does not pin its buffer for the run
            }

            // A commit is handed over at once, so the applier can close a batch without waiting for more traffic.
            if (chunk.Count >= ChunkSize || (chunk.Count > before && chunk[^1] is CommitEvent))
            {
                await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                chunk = new List<StreamEvent>(ChunkSize);
            }
        }
    }
}
