using System.Collections.Immutable;
using System.Text;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Caching;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// What the shortcut needs to render a model again after an edit of its SQL alone: its node, compiled file, own
/// relation, a digest of its ref, source and config calls (an edit that changes them takes the full path), and the text
/// each call resolved to in the compile the shortcut continues.
/// </summary>
public sealed record ShortcutRender(
    string UniqueId,
    string Name,
    string CompiledPath,
    Relation This,
    string ThisText,
    UInt128 CallsDigest,
    ImmutableArray<CachedResolution> Resolutions)
{
    /// <summary>Appends the render to <paramref name="writer"/>, as <see cref="Decode"/> reads it.</summary>
    public void Encode(BinaryWriter writer)
    {
        writer.Write(UniqueId);
        writer.Write(Name);
        writer.Write(CompiledPath);
        WriteOptional(writer, This.Database);
        writer.Write(This.Schema);
        writer.Write(This.Identifier);
        writer.Write(ThisText);
        writer.Write((ulong)(CallsDigest >> 64));
        writer.Write((ulong)CallsDigest);
        CompileCacheFile.WriteResolutions(writer, Resolutions);
    }

    /// <exception cref="InvalidDataException">The bytes are not an encoded render.</exception>
    public static ShortcutRender Decode(ReadOnlyMemory<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        try
        {
            var id = reader.ReadString();
            var name = reader.ReadString();
            var compiledPath = reader.ReadString();
            var relation = new Relation(ReadOptional(reader), reader.ReadString(), reader.ReadString());
            var thisText = reader.ReadString();
            var digest = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
            return new ShortcutRender(id, name, compiledPath, relation, thisText, digest, CompileCacheFile.ReadResolutions(reader));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a truncated render in the compile shortcut's state", e);
        }
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
}
