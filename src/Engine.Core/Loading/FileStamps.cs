using System.Text;

namespace Engine.Core.Loading;

/// <summary>
/// target/partial_compile.files.bin: each model file's <see cref="FileStamp"/> and text digest as the last compile
/// read them, so the next one reads only files whose stamp changed (make's and ninja's test). A stamp is trusted only
/// when the file's modification and status-change times are more than <see cref="RacyWindowNs"/> older than this file's
/// own modification time (git's "racy clean" rule): a file written within the file system's timestamp granularity of
/// the compile that read it could have changed again within the same tick, so it is read and hashed once more. A file
/// that cannot be read, or in another format, is ignored: every model file is then read, which is never wrong.
/// </summary>
public sealed class FileStamps
{
    public const string FileName = "partial_compile.files.bin";

    /// <summary>Two seconds: FAT's timestamp granularity, and well beyond the coarse clocks that stamp files elsewhere.</summary>
    public const long RacyWindowNs = 2_000_000_000;

    private const string Magic = "engine-file-stamps";
    private const int Format = 1;

    private readonly Dictionary<string, (FileStamp Stamp, string Hash, bool Volatile)> _stored;
    private readonly long _trustedBeforeNs;
    private int _unread;

    private FileStamps(Dictionary<string, (FileStamp, string, bool)> stored, long trustedBeforeNs)
    {
        _stored = stored;
        _trustedBeforeNs = trustedBeforeNs;
    }

    public static FileStamps Empty => new(new Dictionary<string, (FileStamp, string, bool)>(StringComparer.Ordinal), long.MinValue);

    /// <summary>Model files whose text was not read in this load because their stamp was unchanged.</summary>
    public int Unread => _unread;

    public static FileStamps Read(string path)
    {
        try
        {
            if (FileStamp.Of(path) is not { } own)
            {
                return Empty;
            }

            using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Format)
            {
                return Empty;
            }

            var count = reader.ReadInt32();
            if (count is < 0 or > 10_000_000)
            {
                return Empty;
            }

            // Sized from the stored count: grown by doubling, 10,000 stamps left a chain of arrays on the large object heap.
            var stored = new Dictionary<string, (FileStamp, string, bool)>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var file = reader.ReadString();
                var stamp = new FileStamp(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64());
                stored[file] = (stamp, reader.ReadString(), reader.ReadBoolean());
            }

            return reader.ReadString() == Magic ? new FileStamps(stored, own.ModifiedNs - RacyWindowNs) : Empty;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            return Empty;
        }
    }

    /// <summary>The file's text left unread, when its stamp now is the stored one and old enough to trust; otherwise null.</summary>
    public SourceText? TryUnchanged(string relative, string fullPath, FileStamp now)
    {
        if (!_stored.TryGetValue(relative, out var entry) || entry.Stamp != now
            || now.ModifiedNs >= _trustedBeforeNs || now.ChangedNs >= _trustedBeforeNs)
        {
            return null;
        }

        Interlocked.Increment(ref _unread);
        return SourceText.Unread(fullPath, entry.Hash, entry.Volatile, now);
    }

    /// <summary>Writes the stamps of the files given (those with one: read whole and valid UTF-8), to a temporary name then renamed.</summary>
    /// <param name="files">Enumerated twice (counted, then written): a list of 10,000 entries landed on the large object heap.</param>
    public static void Write(string path, IEnumerable<(string Relative, SourceText Text)> files)
    {
        var entries = files.Where(f => f.Text.Stamp is not null);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(entries.Count());
            foreach (var (relative, text) in entries)
            {
                var stamp = text.Stamp!.Value;
                writer.Write(relative);
                writer.Write(stamp.Size);
                writer.Write(stamp.ModifiedNs);
                writer.Write(stamp.ChangedNs);
                writer.Write(stamp.Inode);
                writer.Write(text.Hash);
                writer.Write(text.IsVolatile);
            }

            writer.Write(Magic);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
