using System.Buffers;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Graph;
using Engine.Core.Project;
using Microsoft.Win32.SafeHandles;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// target/partial_compile.manifest.bin: where each node's entry lies in the manifest.json the last partial compile wrote,
/// keyed by everything the entry shows, so the next one copies an unchanged entry's bytes instead of writing it again.
/// The key is the entry written by <see cref="ManifestNodeWriter"/> itself with its large texts as digests, so a field
/// added to the entry is in the key too; the engine build is in the file's header. An entry is copied only when its
/// key matches and the bytes at its place in the old manifest still have its digest: an index that cannot be read, or
/// a manifest rewritten since (by <c>engine build</c>, say), means that entry is written afresh, never a wrong one.
/// </summary>
public sealed class ManifestEntryCache : IDisposable
{
    public const string FileName = "partial_compile.manifest.bin";
    private const string Magic = "engine-manifest-entries";
    private const int Format = 1;

    private static readonly string Build =
        $"{typeof(ManifestEntryCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}/{typeof(ManifestEntryCache).Assembly.ManifestModule.ModuleVersionId}";

    private readonly Dictionary<string, ManifestEntry> _stored;
    private readonly Dictionary<string, ManifestEntry> _written = new(StringComparer.Ordinal);
    private readonly SafeFileHandle? _previous;
    private byte[] _chunk = [];

    private ManifestEntryCache(Dictionary<string, ManifestEntry> stored, SafeFileHandle? previous)
    {
        _stored = stored;
        _previous = previous;
    }

    /// <summary>Entries copied from the previous manifest by this write.</summary>
    public int Reused { get; private set; }

    /// <summary>
    /// The index of <paramref name="manifestPath"/>'s entries, with that file open to copy from; with
    /// <paramref name="reuse"/> false, an empty one that only records where this write puts each entry.
    /// </summary>
    public static ManifestEntryCache Open(string manifestPath, bool reuse)
    {
        var indexPath = IndexPath(manifestPath);
        if (!reuse || !File.Exists(indexPath) || !File.Exists(manifestPath))
        {
            return new ManifestEntryCache(Empty(), null);
        }

        var stored = Read(indexPath);
        return new ManifestEntryCache(stored, stored.Count == 0 ? null : File.OpenHandle(manifestPath));
    }

    /// <summary>
    /// The key of each node's entry: the entry as it would be written, its raw and compiled code as digests. Made for
    /// all nodes at once, in parallel, before the manifest is written in order.
    /// </summary>
    public static UInt128[] Keys(
        ParsedProject parsed, IReadOnlyList<GraphNode> nodes, Func<string, CompiledNode?> compiled, Func<string, ImmutableArray<ColumnDefinition>> columns)
    {
        var keys = new UInt128[nodes.Count];
        Parallel.For(
            0,
            nodes.Count,
            () => new ArrayBufferWriter<byte>(1 << 12),
            (i, _, buffer) =>
            {
                buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ArtifactJson.Encoder, SkipValidation = true }))
                {
                    var node = nodes[i];
                    ManifestNodeWriter.WriteValue(json, parsed, node, compiled(node.UniqueId), columns(node.UniqueId), Digest);
                }

                keys[i] = XxHash128.HashToUInt128(buffer.WrittenSpan);
                return buffer;
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

        if (XxHash128.HashToUInt128(bytes) != entry.Content || bytes[0] != (byte)'{' || bytes[^1] != (byte)'}')
        {
            return default;
        }

        Reused++;
        return bytes;
    }

    public void Record(string uniqueId, ManifestEntry entry) => _written[uniqueId] = entry;

    /// <summary>Writes the entries recorded by this write, once its manifest is in place.</summary>
    public void Save(string manifestPath)
    {
        var path = IndexPath(manifestPath);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(Build);
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

    /// <summary>Removes the index, for a manifest written without one.</summary>
    public static void Forget(string manifestPath) => File.Delete(IndexPath(manifestPath));

    public void Dispose()
    {
        _previous?.Dispose();
    }

    private static string IndexPath(string manifestPath) => Path.Combine(Path.GetDirectoryName(manifestPath)!, FileName);

    private static string Digest(string text) => Convert.ToHexString(XxHash128.Hash(MemoryMarshal.AsBytes(text.AsSpan())));

    /// <summary>The stored entries, or none when the file is unreadable, truncated or from another engine build.</summary>
    private static Dictionary<string, ManifestEntry> Read(string path)
    {
        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        try
        {
            using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Format || reader.ReadString() != Build)
            {
                return Empty();
            }

            var count = reader.ReadInt32();
            if (count is < 0 or > 10_000_000)
            {
                return Empty();
            }

            entries.EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                entries[id] = new ManifestEntry(ReadUInt128(reader), reader.ReadInt64(), reader.ReadInt32(), ReadUInt128(reader));
            }

            return reader.ReadString() == Magic ? entries : [];
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or UnauthorizedAccessException)
        {
            return Empty();
        }
    }

    private static Dictionary<string, ManifestEntry> Empty() => new(StringComparer.Ordinal);

    private static void WriteUInt128(BinaryWriter writer, UInt128 value)
    {
        writer.Write((ulong)(value >> 64));
        writer.Write((ulong)value);
    }

    private static UInt128 ReadUInt128(BinaryReader reader) => new(reader.ReadUInt64(), reader.ReadUInt64());
}
