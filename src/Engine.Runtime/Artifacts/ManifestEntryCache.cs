using System.Buffers;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Caching;
using Engine.Core.Graph;
using Engine.Core.Project;
using Microsoft.Win32.SafeHandles;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// target/partial_compile.manifest.bin: where each node's entry lies in the manifest.json the last partial compile wrote,
/// keyed by everything the entry shows, so the next one copies an unchanged entry's bytes instead of writing it again.
/// The key is the entry written by <see cref="ManifestNodeWriter"/> itself with its large texts as digests, so a field
/// added to the entry is in the key too; the engine build is in the file's header.
/// <para>
/// The bytes are copied only from the very file the index was made for: same length, same modification time and same
/// invocation_id as when it was written (make's and ninja's test, with the id, which every write changes, against a
/// rewrite within one clock tick). Where the file system keeps whole seconds only, a rewrite of the same length within
/// the second would pass that test, so there each entry's digest is stored too and checked before its bytes are copied.
/// An index that cannot be read, or a manifest written since by anything else (<c>engine build</c>, an editor), means
/// every entry is written afresh: never a wrong one.
/// </para>
/// </summary>
public sealed class ManifestEntryCache : IDisposable
{
    public const string FileName = "partial_compile.manifest.bin";
    private const string Magic = "engine-manifest-entries";
    private const int Format = 3;

    /// <summary>The metadata block, invocation_id included, lies within the manifest's first bytes.</summary>
    private const int HeadLength = 4096;

    private static readonly string Build = CompileFingerprint.Build(typeof(ManifestEntryCache).Assembly);

    private readonly Dictionary<string, ManifestEntry> _stored;
    private readonly bool _verify;
    private readonly Dictionary<string, ManifestEntry> _written;
    private readonly SafeFileHandle? _previous;
    private byte[] _chunk = [];
    private Identity? _identity;

    private ManifestEntryCache(Dictionary<string, ManifestEntry> stored, bool verify, SafeFileHandle? previous)
    {
        _stored = stored;
        // Sized for the previous write's entries: growing it one doubling at a time was visible in an edit compile's profile.
        _written = new Dictionary<string, ManifestEntry>(stored.Count, StringComparer.Ordinal);
        _verify = verify;
        _previous = previous;
    }

    /// <summary>Entries copied from the previous manifest by this write.</summary>
    public int Reused { get; private set; }

    /// <summary>Time spent making the entries' keys (shown by <c>engine compile --debug</c>).</summary>
    public TimeSpan KeysElapsed { get; set; }

    /// <summary>
    /// The index of <paramref name="manifestPath"/>'s entries, with that file open to copy from; with
    /// <paramref name="reuse"/> false, an empty one that only records where this write puts each entry.
    /// </summary>
    public static ManifestEntryCache Open(string manifestPath, bool reuse)
    {
        var indexPath = IndexPath(manifestPath);
        if (!reuse || !File.Exists(indexPath) || !File.Exists(manifestPath))
        {
            return new ManifestEntryCache(Empty(), false, null);
        }

        var (identity, stored) = Read(indexPath);
        if (identity is null || stored.Count == 0)
        {
            return new ManifestEntryCache(Empty(), false, null);
        }

        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(manifestPath);
            if (Identity.Of(handle) is var now && now.Length == identity.Length && now.Ticks == identity.Ticks && HoldsInvocation(handle, identity.InvocationId))
            {
                return new ManifestEntryCache(stored, identity.Coarse, handle);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        handle?.Dispose();
        return new ManifestEntryCache(Empty(), false, null);
    }

    /// <summary>
    /// The key of each node's entry: made from the entry's inputs for models and generic tests
    /// (<see cref="ManifestEntryKey"/>), otherwise the entry as it would be written, its raw and compiled code as
    /// digests. Made for all nodes at once, in parallel, before the manifest is written in order.
    /// </summary>
    public static UInt128[] Keys(
        ParsedProject parsed, IReadOnlyList<GraphNode> nodes, Func<string, CompiledNode?> compiled, Func<string, ImmutableArray<ColumnDefinition>> columns)
    {
        var keys = new UInt128[nodes.Count];
        var fingerprint = parsed.Cache?.Fingerprint;
        Parallel.For(
            0,
            nodes.Count,
            () => (Json: new ArrayBufferWriter<byte>(1 << 12), Inputs: new MemoryStream(1 << 10)),
            (i, _, buffers) =>
            {
                var node = nodes[i];
                var compiledNode = compiled(node.UniqueId);
                if (ManifestEntryKey.FromInputs(parsed, node, compiledNode, fingerprint, buffers.Inputs) is { } key)
                {
                    keys[i] = key;
                    return buffers;
                }

                buffers.Json.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffers.Json, new JsonWriterOptions { Encoder = ArtifactJson.Encoder, SkipValidation = true }))
                {
                    ManifestNodeWriter.WriteValue(json, parsed, node, compiledNode, columns(node.UniqueId), Digest);
                }

                keys[i] = XxHash128.HashToUInt128(buffers.Json.WrittenSpan);
                return buffers;
            },
            _ => { });
        return keys;
    }

    /// <summary>The previous manifest's bytes of the entry, when its key is unchanged and they are still there.</summary>
    public ReadOnlySpan<byte> TryRead(string uniqueId, UInt128 key)
    {
        if (_previous is null || !_stored.TryGetValue(uniqueId, out var entry) || entry.Key != key || entry.Length < 2)
        {
            return default;
        }

        if (_chunk.Length < entry.Length)
        {
            _chunk = new byte[Math.Max(entry.Length, _chunk.Length * 2)];
        }

        var bytes = _chunk.AsSpan(0, entry.Length);
        try
        {
            if (RandomAccess.Read(_previous, bytes, entry.Offset) != entry.Length)
            {
                return default;
            }
        }
        catch (IOException)
        {
            return default;
        }

        if ((_verify && XxHash128.HashToUInt128(bytes) != entry.Content) || bytes[0] != (byte)'{' || bytes[^1] != (byte)'}')
        {
            return default;
        }

        Reused++;
        return bytes;
    }

    /// <summary>Where this write put an entry (its digest is taken later, and only where the clock is coarse).</summary>
    public void Record(string uniqueId, UInt128 key, long offset, int length) => _written[uniqueId] = new ManifestEntry(key, offset, length, default);

    /// <summary>Takes the written manifest's identity, before it is renamed into place (a rename keeps it).</summary>
    public void Identify(string writtenPath, string invocationId)
    {
        using var handle = File.OpenHandle(writtenPath);
        var identity = Identity.Of(handle) with { InvocationId = invocationId };
        if (identity.Coarse)
        {
            foreach (var (id, entry) in _written.ToList())
            {
                var bytes = new byte[entry.Length];
                RandomAccess.Read(handle, bytes, entry.Offset);
                _written[id] = entry with { Content = XxHash128.HashToUInt128(bytes) };
            }
        }

        _identity = identity;
    }

    /// <summary>Writes the entries recorded by this write, once its manifest is in place.</summary>
    public void Save(string manifestPath)
    {
        var path = IndexPath(manifestPath);
        var identity = _identity ?? throw new InvalidOperationException("the manifest was not identified");
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(Build);
            writer.Write(identity.Length);
            writer.Write(identity.Ticks);
            writer.Write(identity.InvocationId);
            writer.Write(_written.Count);
            foreach (var (id, entry) in _written)
            {
                writer.Write(id);
                WriteUInt128(writer, entry.Key);
                writer.Write(entry.Offset);
                writer.Write(entry.Length);
                WriteUInt128(writer, entry.Content);
            }

            writer.Write(Magic);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes the manifest again from the one the index was made for, with only strings changed: the metadata's
    /// (<paramref name="metadata"/>, by path such as <c>metadata.invocation_id</c>) and some entries' (by node id, then
    /// path within the entry); every other byte is copied. The index follows: entries moved, changed ones keyed so that
    /// the next partial compile writes them afresh. False, with nothing written, when the file is not the one the index
    /// was made for or a value is not where it should be.
    /// </summary>
    public static bool Splice(
        string manifestPath, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> entries,
        string invocationId)
    {
        var indexPath = IndexPath(manifestPath);
        if (!File.Exists(indexPath) || !File.Exists(manifestPath) || Read(indexPath) is not ({ } identity, { Count: > 0 } stored))
        {
            return false;
        }

        var temporary = $"{manifestPath}.{Environment.ProcessId}.tmp";
        var spliced = new ManifestEntryCache(Empty(), false, null);
        using (var previous = File.OpenHandle(manifestPath))
        {
            var now = Identity.Of(previous);
            if (now.Length != identity.Length || now.Ticks != identity.Ticks || !HoldsInvocation(previous, identity.InvocationId))
            {
                return false;
            }

            var head = new byte[(int)Math.Min(HeadLength, now.Length)];
            RandomAccess.Read(previous, head, 0);
            if (JsonStringSplice.Find(head, metadata, complete: false) is not { } edits)
            {
                return false;
            }

            foreach (var (id, values) in entries)
            {
                if (!stored.TryGetValue(id, out var entry) || entry.Length < 2)
                {
                    return false;
                }

                var bytes = new byte[entry.Length];
                if (RandomAccess.Read(previous, bytes, entry.Offset) != entry.Length || JsonStringSplice.Find(bytes, values, entry.Offset) is not { } found)
                {
                    return false;
                }

                edits.AddRange(found);
            }

            edits.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            Copy(previous, now.Length, edits, temporary);
            // Entries in file order, each moved by the edits before it and grown by those within it.
            var (next, moved) = (0, 0L);
            foreach (var (id, entry) in stored.OrderBy(e => e.Value.Offset))
            {
                for (; next < edits.Count && edits[next].Offset < entry.Offset; next++)
                {
                    moved += edits[next].Bytes.Length - edits[next].Length;
                }

                var grown = 0;
                for (; next < edits.Count && edits[next].Offset < entry.Offset + entry.Length; next++)
                {
                    grown += edits[next].Bytes.Length - edits[next].Length;
                }

                spliced.Record(id, entries.ContainsKey(id) ? UInt128.Zero : entry.Key, entry.Offset + moved, entry.Length + grown);
                moved += grown;
            }
        }

        spliced.Identify(temporary, invocationId);
        File.Move(temporary, manifestPath, overwrite: true);
        spliced.Save(manifestPath);
        return true;
    }

    /// <summary>Removes the index, for a manifest written without one.</summary>
    public static void Forget(string manifestPath) => File.Delete(IndexPath(manifestPath));

    public void Dispose() => _previous?.Dispose();

    /// <summary>The file's bytes with the edits (in offset order) made, to <paramref name="path"/>.</summary>
    private static void Copy(SafeFileHandle source, long length, List<JsonStringSplice.Edit> edits, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            long at = 0;
            foreach (var edit in edits.Append(new JsonStringSplice.Edit(length, 0, [])))
            {
                while (at < edit.Offset)
                {
                    var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, edit.Offset - at)), at);
                    if (read <= 0)
                    {
                        throw new IOException($"{path}: the manifest being copied ended early");
                    }

                    target.Write(buffer, 0, read);
                    at += read;
                }

                target.Write(edit.Bytes);
                at += edit.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string IndexPath(string manifestPath) => Path.Combine(Path.GetDirectoryName(manifestPath)!, FileName);

    private static string Digest(string text) => Convert.ToHexString(XxHash128.Hash(MemoryMarshal.AsBytes(text.AsSpan())));

    private static bool HoldsInvocation(SafeFileHandle handle, string invocationId)
    {
        var head = new byte[HeadLength];
        var read = RandomAccess.Read(handle, head, 0);
        return head.AsSpan(0, read).IndexOf(Encoding.UTF8.GetBytes($"\"invocation_id\": \"{invocationId}\"")) >= 0;
    }

    /// <summary>The stored identity and entries, or none when the file is unreadable, truncated or from another engine build.</summary>
    private static (Identity? Identity, Dictionary<string, ManifestEntry> Entries) Read(string path)
    {
        var entries = Empty();
        try
        {
            using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Format || reader.ReadString() != Build)
            {
                return (null, entries);
            }

            var identity = new Identity(reader.ReadInt64(), reader.ReadInt64(), reader.ReadString());
            var count = reader.ReadInt32();
            if (count is < 0 or > 10_000_000)
            {
                return (null, entries);
            }

            entries.EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                entries[id] = new ManifestEntry(ReadUInt128(reader), reader.ReadInt64(), reader.ReadInt32(), ReadUInt128(reader));
            }

            return reader.ReadString() == Magic ? (identity, entries) : (null, Empty());
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return (null, Empty());
        }
    }

    private static Dictionary<string, ManifestEntry> Empty() => new(StringComparer.Ordinal);

    private static void WriteUInt128(BinaryWriter writer, UInt128 value)
    {
        writer.Write((ulong)(value >> 64));
        writer.Write((ulong)value);
    }

    private static UInt128 ReadUInt128(BinaryReader reader) => new(reader.ReadUInt64(), reader.ReadUInt64());

    /// <summary>A manifest file as written: its length, modification time (ticks) and invocation_id.</summary>
    private sealed record Identity(long Length, long Ticks, string InvocationId)
    {
        /// <summary>A time on a whole second: the file system may keep no finer, so entries' digests are checked too.</summary>
        public bool Coarse => Ticks % TimeSpan.TicksPerSecond == 0;

        public static Identity Of(SafeFileHandle handle) =>
            new(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks, string.Empty);
    }
}
