using System.Collections;
using System.Collections.Immutable;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// Writes and reads the engine's plain values (what YAML, <c>--vars</c> and a template's <c>config</c> hold) in the
/// compile cache. A value of any other type cannot be stored: <see cref="NotSupportedException"/>, and the caller
/// leaves that entry out of the cache rather than storing something it could not read back equal.
/// </summary>
public static class PlainValueCodec
{
    private const byte Null = 0, Text = 1, True = 2, False = 3, Integer = 4, Real = 5, Map = 6, List = 7;

    public static void Write(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.Write(Null);
                break;
            case string s:
                writer.Write(Text);
                writer.Write(s);
                break;
            case bool b:
                writer.Write(b ? True : False);
                break;
            case long or int:
                writer.Write(Integer);
                writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.Write(Real);
                writer.Write(d);
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.Write(Map);
                writer.Write(map.Count);
                // Ordinal order, so that equal maps give equal bytes (the fingerprint hashes them).
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.Write(key);
                    Write(writer, item);
                }

                break;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                writer.Write(List);
                writer.Write(list.Count);
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                break;
            default:
                throw new NotSupportedException($"a value of type {value.GetType().Name} cannot be cached");
        }
    }

    /// <summary>Maps and lists come back as the types <see cref="Templating.ScriptValues.ToPlain"/> makes.</summary>
    public static object? Read(BinaryReader reader)
    {
        var tag = reader.ReadByte();
        switch (tag)
        {
            case Null:
                return null;
            case Text:
                return reader.ReadString();
            case True:
                return true;
            case False:
                return false;
            case Integer:
                return reader.ReadInt64();
            case Real:
                return reader.ReadDouble();
            case Map:
                var map = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
                for (int i = 0, n = Count(reader); i < n; i++)
                {
                    var key = reader.ReadString();
                    map[key] = Read(reader);
                }

                return map.ToImmutable();
            case List:
                var list = ImmutableArray.CreateBuilder<object?>();
                for (int i = 0, n = Count(reader); i < n; i++)
                {
                    list.Add(Read(reader));
                }

                return list.ToImmutable();
            default:
                throw new InvalidDataException($"unknown value tag {tag}");
        }
    }

    /// <summary>Whether <see cref="Write"/> can store the value.</summary>
    public static bool IsStorable(object? value) => value switch
    {
        null or string or bool or long or int or double => true,
        IReadOnlyDictionary<string, object?> map => map.Values.All(IsStorable),
        IEnumerable items => items.Cast<object?>().All(IsStorable),
        _ => false,
    };

    public static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 10_000_000 ? count : throw new InvalidDataException($"count {count} out of range");
    }
}
