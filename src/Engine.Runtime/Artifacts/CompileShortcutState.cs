using System.Collections.Immutable;
using System.Text;
using Engine.Core.Compilation.Caching;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// target/partial_compile.shortcut.bin: what <see cref="CompileShortcut"/> compares the project with, written by the
/// last whole-project <c>engine compile</c> (or shortcut) once its artifacts were in place. <paramref name="Key"/> holds
/// the engine build and the options; <paramref name="Inputs"/> every file read besides model SQL, stamped before it was
/// read; <paramref name="Reads"/> every environment variable a template read; the rest is what the command prints.
/// A stamp is trusted only when older than this file by <see cref="FileStamps.RacyWindowNs"/> (git's "racy clean" rule).
/// </summary>
public sealed record CompileShortcutState(
    string Key,
    FileStamp? CompiledIndex,
    ImmutableArray<(string Relative, FileStamp Stamp)> Inputs,
    ImmutableArray<string> Folders,
    ImmutableArray<ShortcutModel> Models,
    ImmutableArray<(string Name, string? Value)> Reads,
    ImmutableArray<string> Dashboards,
    ImmutableArray<(ResourceType Type, int Count)> Counts,
    int Files,
    string TargetName,
    string TargetType)
{
    public const string FileName = "partial_compile.shortcut.bin";
    private const string Magic = "engine-compile-shortcut";
    private const int Format = 1;

    /// <summary>Stamps with both times before this are trusted (set when read: this file's own time less the racy window).</summary>
    public long TrustedBeforeNs { get; init; } = long.MinValue;

    public bool Trusts(FileStamp stamp) => stamp.ModifiedNs < TrustedBeforeNs && stamp.ChangedNs < TrustedBeforeNs;

    /// <summary>The state, or null when the file is missing, unreadable or in another format.</summary>
    public static CompileShortcutState? Read(string path)
    {
        try
        {
            if (FileStamp.Of(path) is not { } own)
            {
                return null;
            }

            // Read whole: the models' renders stay as slices of it, decoded only for an edited model.
            var bytes = File.ReadAllBytes(path);
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Format)
            {
                return null;
            }

            var key = reader.ReadString();
            var index = reader.ReadBoolean() ? ReadStamp(reader) : (FileStamp?)null;
            var inputs = Many(reader, () => (reader.ReadString(), ReadStamp(reader)));
            var folders = Many(reader, reader.ReadString);
            var models = Many(reader, () => ReadModel(reader, bytes));
            var reads = Many(reader, () => (reader.ReadString(), reader.ReadBoolean() ? reader.ReadString() : null));
            var dashboards = Many(reader, reader.ReadString);
            var counts = Many(reader, () => ((ResourceType)reader.ReadInt32(), reader.ReadInt32()));
            var state = new CompileShortcutState(key, index, inputs, folders, models, reads, dashboards, counts, reader.ReadInt32(), reader.ReadString(), reader.ReadString())
            {
                TrustedBeforeNs = own.ModifiedNs - FileStamps.RacyWindowNs,
            };
            return reader.ReadString() == Magic ? state : null;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary name and renamed, so a crash leaves the old state or none.</summary>
    public void Write(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(Key);
            writer.Write(CompiledIndex is not null);
            if (CompiledIndex is { } index)
            {
                WriteStamp(writer, index);
            }

            Many(writer, Inputs, i =>
            {
                writer.Write(i.Relative);
                WriteStamp(writer, i.Stamp);
            });
            Many(writer, Folders, writer.Write);
            Many(writer, Models, m => WriteModel(writer, m));
            Many(writer, Reads, r =>
            {
                writer.Write(r.Name);
                writer.Write(r.Value is not null);
                if (r.Value is not null)
                {
                    writer.Write(r.Value);
                }
            });
            Many(writer, Dashboards, writer.Write);
            Many(writer, Counts, c =>
            {
                writer.Write((int)c.Type);
                writer.Write(c.Count);
            });
            writer.Write(Files);
            writer.Write(TargetName);
            writer.Write(TargetType);
            writer.Write(Magic);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static ShortcutModel ReadModel(BinaryReader reader, byte[] bytes)
    {
        var path = reader.ReadString();
        var stamp = reader.ReadBoolean() ? ReadStamp(reader) : (FileStamp?)null;
        var hash = reader.ReadString();
        var length = reader.ReadInt32();
        var at = (int)reader.BaseStream.Position;
        if (length < 0 || at + length > bytes.Length)
        {
            throw new InvalidDataException("a render's length is out of range");
        }

        reader.BaseStream.Seek(length, SeekOrigin.Current);
        return new ShortcutModel(path, stamp, hash, bytes.AsMemory(at, length));
    }

    private static void WriteModel(BinaryWriter writer, ShortcutModel model)
    {
        writer.Write(model.RelativePath);
        writer.Write(model.Stamp is not null);
        if (model.Stamp is { } stamp)
        {
            WriteStamp(writer, stamp);
        }

        writer.Write(model.TextHash);
        writer.Write(model.Render.Length);
        writer.Write(model.Render.Span);
    }

    private static FileStamp ReadStamp(BinaryReader reader) => new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64());

    private static void WriteStamp(BinaryWriter writer, FileStamp stamp)
    {
        writer.Write(stamp.Size);
        writer.Write(stamp.ModifiedNs);
        writer.Write(stamp.ChangedNs);
        writer.Write(stamp.Inode);
    }

    private static ImmutableArray<T> Many<T>(BinaryReader reader, Func<T> read)
    {
        var count = PlainValueCodec.Count(reader);
        var items = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read());
        }

        return items.MoveToImmutable();
    }

    private static void Many<T>(BinaryWriter writer, ImmutableArray<T> items, Action<T> write)
    {
        writer.Write(items.Length);
        foreach (var item in items)
        {
            write(item);
        }
    }
}
