using System.IO.Hashing;
using System.Runtime.InteropServices;
using Engine.Core.Compilation;
using Engine.Core.Compilation.Caching;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// The key of a model's or generic test's manifest entry made from what the entry is built from, not from the entry
/// written out: serializing every entry to hash it was the largest part of a one-model edit compile.
/// <para>
/// What each field of such an entry comes from, and how the key covers it: everything project-wide (engine build,
/// pipeline.yml with its folder configs and test defaults, macros, generic test templates, target, dialect, vars) is in
/// the compile cache's fingerprint; a model's file by its text's digest (raw code, checksum, and the config, refs and
/// sources its template declares, whose calls are in the key too, since environment variables may shape them); what
/// YAML says about a model or declares as a test (description, columns, config, meta, tags, test arguments and
/// config) by the digest of the whole properties file, so an anchor elsewhere in the file is covered; the node's own
/// id, name, paths, tags (a test's include its model's), dependencies and attachment as they are; the compiled code
/// by its digest. Any other node, or one whose inputs are not all known, keeps the key of its entry as written
/// (<see cref="ManifestEntryCache.Keys"/>). The two kinds of key start with different tags, so they never match.
/// </para>
/// </summary>
public static class ManifestEntryKey
{
    private const string ModelTag = "model-entry-inputs-1";
    private const string TestTag = "test-entry-inputs-1";

    /// <summary>The key from the node's inputs, or null when it has no such key (then its entry as written is the key).</summary>
    public static UInt128? FromInputs(ParsedProject parsed, GraphNode node, CompiledNode? compiled, string? fingerprint, MemoryStream buffer)
    {
        if (fingerprint is null || parsed.Nodes.GetValueOrDefault(node.UniqueId) is not { } parsedNode)
        {
            return null;
        }

        var digests = parsed.Definition.PropertiesDigests;
        string tag;
        string? properties;
        if (node.Type == ResourceType.Model && parsedNode.Template is not null && parsedNode.GenericTest is null)
        {
            tag = ModelTag;
            properties = parsedNode.PropertiesFile;
            if (parsedNode.ConfigCalls.Any(c => !PlainValueCodec.IsStorable(c.Value)))
            {
                return null;
            }
        }
        else if (node.Type == ResourceType.Test && parsedNode.GenericTest is { } test)
        {
            tag = TestTag;
            properties = test.Location.FilePath;
        }
        else
        {
            return null;
        }

        string? propertiesDigest = null;
        if (properties is not null && !digests.TryGetValue(properties, out propertiesDigest))
        {
            return null;
        }

        buffer.SetLength(0);
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(tag);
            writer.Write(fingerprint);
            Put(writer, node.UniqueId);
            Put(writer, node.Name);
            Put(writer, node.RelativePath);
            Put(writer, node.FilePath);
            Put(writer, parsedNode.Template?.Hash);
            Put(writer, properties);
            Put(writer, propertiesDigest);
            Put(writer, node.Fqn);
            Put(writer, node.Tags);
            Put(writer, node.DependsOn);
            Put(writer, node.AttachedTo);
            Put(writer, node.ColumnName);
            writer.Write(parsedNode.Refs.Length);
            foreach (var call in parsedNode.Refs)
            {
                Put(writer, call.Package);
                Put(writer, call.Name);
            }

            writer.Write(parsedNode.Sources.Length);
            foreach (var call in parsedNode.Sources)
            {
                Put(writer, call.SourceName);
                Put(writer, call.TableName);
            }

            writer.Write(parsedNode.ConfigCalls.Length);
            foreach (var call in parsedNode.ConfigCalls)
            {
                Put(writer, call.Key);
                PlainValueCodec.Write(writer, call.Value);
            }

            writer.Write(compiled is not null);
            if (compiled is not null)
            {
                Put(writer, compiled.CompiledPath);
                var code = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(compiled.Sql.AsSpan()));
                writer.Write((ulong)(code >> 64));
                writer.Write((ulong)code);
            }
        }

        return XxHash128.HashToUInt128(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void Put(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void Put(BinaryWriter writer, System.Collections.Immutable.ImmutableArray<string> values)
    {
        if (values.IsDefault)
        {
            writer.Write(-1);
            return;
        }

        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }
}
