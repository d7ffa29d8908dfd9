using System.Text.Json;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// Where string values of named properties lie in UTF-8 JSON, and the bytes a writer with <see cref="ArtifactJson.Encoder"/>
/// would put there instead: a few values of a large artifact changed without writing the rest again.
/// </summary>
public static class JsonStringSplice
{
    /// <summary>One string value's bytes (quotes included) and what replaces them.</summary>
    public readonly record struct Edit(long Offset, int Length, byte[] Bytes);

    /// <summary>
    /// The edits that give each property of <paramref name="values"/> its new value, by dotted path from the outermost
    /// object (<c>checksum.checksum</c>, <c>metadata.invocation_id</c>), offset by <paramref name="at"/>; null unless each
    /// is found, once, as a string. <paramref name="complete"/> false reads a prefix of a document.
    /// </summary>
    public static List<Edit>? Find(ReadOnlySpan<byte> json, IReadOnlyDictionary<string, string> values, long at = 0, bool complete = true)
    {
        var edits = new List<Edit>(values.Count);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, complete, default);
        var path = new List<string?>();
        string? property = null;
        try
        {
            while (found.Count < values.Count && reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(property);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.String when property is not null
                        && string.Join('.', path.Skip(1).Append(property)) is var key && values.TryGetValue(key, out var value):
                        if (!found.Add(key))
                        {
                            return null;
                        }

                        edits.Add(new Edit(at + reader.TokenStartIndex, reader.ValueSpan.Length + 2, Quoted(value)));
                        break;
                }

                property = null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return found.Count == values.Count ? edits : null;
    }

    private static byte[] Quoted(string value)
    {
        var encoded = JsonEncodedText.Encode(value, ArtifactJson.Encoder).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 2];
        bytes[0] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        bytes[^1] = (byte)'"';
        return bytes;
    }
}
