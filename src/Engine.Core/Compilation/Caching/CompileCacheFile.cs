using System.Collections.Immutable;
using System.Text;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// target/partial_compile.bin: a header (magic, format, fingerprint), then the parse entries and the render entries.
/// A file that cannot be read, or was written in another format, is ignored with a notice: the compile then does
/// everything, which is never wrong. It is written to a temporary name and renamed, so a crash leaves the old one.
/// </summary>
public static class CompileCacheFile
{
    private const string Magic = "engine-partial-compile";
    private const int Format = 2;

    public static CompileCache Read(string path, string fingerprint)
    {
        if (!File.Exists(path))
        {
            return CompileCache.Empty(fingerprint);
        }

        try
        {
            using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Format)
            {
                return CompileCache.Empty(fingerprint, Ignored(path, "it was written in another format"));
            }

            if (reader.ReadString() != fingerprint)
            {
                // The engine, pipeline.yml, a macro, the vars or the target changed: everything is compiled again.
                return CompileCache.Empty(fingerprint);
            }

            // Sized from the stored counts: 10,000 entries grown by doubling leave a chain of arrays on the large object heap.
            var count = PlainValueCodec.Count(reader);
            var parses = new Dictionary<string, CachedParse>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var file = reader.ReadString();
                parses[file] = ReadParse(reader, file);
            }

            count = PlainValueCodec.Count(reader);
            var renders = new Dictionary<string, CachedRender>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                renders[id] = ReadRender(reader);
            }

            return reader.ReadString() == Magic
                ? new CompileCache(fingerprint, parses, renders)
                : CompileCache.Empty(fingerprint, Ignored(path, "it is truncated"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            return CompileCache.Empty(fingerprint, Ignored(path, e.Message));
        }
    }

    /// <summary>Writes the entries of files and nodes the project still has; the others are dropped.</summary>
    public static void Write(string path, CompileCache cache, Func<string, bool> hasFile, Func<string, bool> hasNode)
    {
        var parses = Sorted(cache.Parses, hasFile, cache.ParseCount);
        var renders = Sorted(cache.Renders, key => hasNode(CompileCache.NodeOf(key)), cache.RenderCount);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(cache.Fingerprint);
            writer.Write(parses.Count);
            foreach (var (file, entry) in parses)
            {
                writer.Write(file);
                WriteParse(writer, file, entry);
            }

            writer.Write(renders.Count);
            foreach (var (id, entry) in renders)
            {
                writer.Write(id);
                WriteRender(writer, entry);
            }

            writer.Write(Magic);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The entries kept, in key order, sorted in place in a list sized up front: OrderBy's buffers and key arrays for
    /// 10,000 entries were a chain of arrays on the large object heap, written just before the process ends.
    /// </summary>
    private static List<KeyValuePair<string, T>> Sorted<T>(IEnumerable<KeyValuePair<string, T>> entries, Func<string, bool> keep, int capacity)
    {
        var kept = new List<KeyValuePair<string, T>>(capacity);
        foreach (var entry in entries)
        {
            if (keep(entry.Key))
            {
                kept.Add(entry);
            }
        }

        kept.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return kept;
    }

    private static string Ignored(string path, string why) =>
        $"{Path.GetFileName(path)} ignored ({why}); compiling everything";

    private static void WriteParse(BinaryWriter writer, string file, CachedParse entry)
    {
        writer.Write(entry.TextHash);
        WriteReads(writer, entry.Reads);
        writer.Write(entry.Calls.Refs.Length);
        foreach (var r in entry.Calls.Refs)
        {
            WriteOptional(writer, r.Package);
            writer.Write(r.Name);
            WriteLocation(writer, r.Location, file);
        }

        writer.Write(entry.Calls.Sources.Length);
        foreach (var s in entry.Calls.Sources)
        {
            writer.Write(s.SourceName);
            writer.Write(s.TableName);
            WriteLocation(writer, s.Location, file);
        }

        writer.Write(entry.Calls.Config.Length);
        foreach (var c in entry.Calls.Config)
        {
            writer.Write(c.Key);
            PlainValueCodec.Write(writer, c.Value);
            WriteLocation(writer, c.Location, file);
        }
    }

    private static CachedParse ReadParse(BinaryReader reader, string file)
    {
        var hash = reader.ReadString();
        var reads = ReadReads(reader);
        var refs = ImmutableArray.CreateBuilder<RefCall>();
        for (int i = 0, n = PlainValueCodec.Count(reader); i < n; i++)
        {
            refs.Add(new RefCall(ReadOptional(reader), reader.ReadString(), ReadLocation(reader, file)));
        }

        var sources = ImmutableArray.CreateBuilder<SourceCall>();
        for (int i = 0, n = PlainValueCodec.Count(reader); i < n; i++)
        {
            sources.Add(new SourceCall(reader.ReadString(), reader.ReadString(), ReadLocation(reader, file)));
        }

        var config = ImmutableArray.CreateBuilder<ConfigEntry>();
        for (int i = 0, n = PlainValueCodec.Count(reader); i < n; i++)
        {
            var key = reader.ReadString();
            var value = PlainValueCodec.Read(reader);
            config.Add(new ConfigEntry(key, value, ReadLocation(reader, file)));
        }

        return new CachedParse(hash, new StaticParseResult(refs.ToImmutable(), sources.ToImmutable(), config.ToImmutable()), reads);
    }

    private static void WriteRender(BinaryWriter writer, CachedRender entry)
    {
        writer.Write(entry.TemplateHash);
        writer.Write(entry.ThisText);
        writer.Write(entry.IsIncremental);
        WriteReads(writer, entry.Reads);
        WriteResolutions(writer, entry.Resolutions);
        writer.Write(entry.Sql);
    }

    private static CachedRender ReadRender(BinaryReader reader)
    {
        var hash = reader.ReadString();
        var thisText = reader.ReadString();
        var incremental = reader.ReadBoolean();
        var reads = ReadReads(reader);
        return new CachedRender(hash, thisText, incremental, ReadResolutions(reader), reads, reader.ReadString());
    }

    /// <summary>A render's ref and source calls with their texts, as this file stores them (also in the compile shortcut's state).</summary>
    public static void WriteResolutions(BinaryWriter writer, ImmutableArray<CachedResolution> resolutions)
    {
        writer.Write(resolutions.Length);
        foreach (var r in resolutions)
        {
            writer.Write(r.IsSource);
            WriteOptional(writer, r.First);
            writer.Write(r.Second);
            writer.Write(r.Text);
        }
    }

    public static ImmutableArray<CachedResolution> ReadResolutions(BinaryReader reader)
    {
        var resolutions = ImmutableArray.CreateBuilder<CachedResolution>();
        for (int i = 0, n = PlainValueCodec.Count(reader); i < n; i++)
        {
            resolutions.Add(new CachedResolution(reader.ReadBoolean(), ReadOptional(reader), reader.ReadString(), reader.ReadString()));
        }

        return resolutions.ToImmutable();
    }

    private static void WriteReads(BinaryWriter writer, ImmutableArray<EnvironmentRead> reads)
    {
        writer.Write(reads.Length);
        foreach (var read in reads)
        {
            writer.Write(read.Name);
            WriteOptional(writer, read.Value);
        }
    }

    private static ImmutableArray<EnvironmentRead> ReadReads(BinaryReader reader)
    {
        var reads = ImmutableArray.CreateBuilder<EnvironmentRead>();
        for (int i = 0, n = PlainValueCodec.Count(reader); i < n; i++)
        {
            reads.Add(new EnvironmentRead(reader.ReadString(), ReadOptional(reader)));
        }

        return reads.ToImmutable();
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>A call's file is stored only when it is not the entry's own (a call made inside a macro).</summary>
    private static void WriteLocation(BinaryWriter writer, SourceLocation location, string file)
    {
        WriteOptional(writer, location.FilePath == file ? null : location.FilePath);
        writer.Write(location.Line);
        writer.Write(location.Column);
    }

    private static SourceLocation ReadLocation(BinaryReader reader, string file) => new(ReadOptional(reader) ?? file, reader.ReadInt32(), reader.ReadInt32());
}
