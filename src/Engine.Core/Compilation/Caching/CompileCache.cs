using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Engine.Core.Loading;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// What the last compile of a project learnt, reused by the next one (dbt's partial parsing, SQLMesh's fingerprints):
/// per model file its parse-pass calls, per node its compiled SQL with what the render read. An entry is used only
/// while everything it was made from is unchanged; anything project-wide (engine build, pipeline.yml, macros, vars,
/// target, partition, --full-refresh) is in <see cref="Fingerprint"/>, and a cache made under another one starts empty.
/// It is an input of the one parse of each file, never a second parser: a miss parses and renders as without a cache.
/// </summary>
public sealed class CompileCache
{
    /// <summary>Its file under target/.</summary>
    public const string FileName = "partial_compile.bin";

    /// <summary>
    /// Text that may read the clock or a random source (<c>run_started_at</c>, Scriban's <c>date.now</c>,
    /// <c>math.random</c>, <c>math.uuid</c>), matched loosely on purpose: such a render is never reused.
    /// </summary>
    private static readonly string[] VolatileTokens = ["run_started_at", "now", "random", "uuid"];

    private const string OtherBranchSuffix = "\u0001other-branch";

    private readonly IReadOnlyDictionary<string, CachedParse> _parses;
    private readonly IReadOnlyDictionary<string, CachedRender> _renders;
    private readonly ConcurrentDictionary<string, CachedParse> _newParses;
    private readonly ConcurrentDictionary<string, CachedRender> _newRenders;
    private int _parseHits;
    private int _renderHits;

    public CompileCache(string fingerprint, IReadOnlyDictionary<string, CachedParse> parses, IReadOnlyDictionary<string, CachedRender> renders)
    {
        Fingerprint = fingerprint;
        _parses = parses;
        _renders = renders;
        // Sized for what the last compile stored, which this one mostly records again: grown by doubling, their tables
        // of 10,000 entries leave chains of arrays on the large object heap.
        _newParses = new(Environment.ProcessorCount, parses.Count, StringComparer.Ordinal);
        _newRenders = new(Environment.ProcessorCount, renders.Count, StringComparer.Ordinal);
    }

    public static CompileCache Empty(string fingerprint, string? notice = null) =>
        new(fingerprint, ImmutableDictionary<string, CachedParse>.Empty, ImmutableDictionary<string, CachedRender>.Empty) { Notice = notice };

    public string Fingerprint { get; }

    /// <summary>Why the stored cache was not used (unreadable, another format), or null; shown as a notice.</summary>
    public string? Notice { get; init; }

    /// <summary>Model files whose parse came from the cache in this compile.</summary>
    public int ParseHits => _parseHits;

    /// <summary>Nodes whose compiled SQL came from the cache in this compile.</summary>
    public int RenderHits => _renderHits;

    /// <summary>About how many entries <see cref="Parses"/> and <see cref="Renders"/> hold (to size a list for them).</summary>
    public int ParseCount => Math.Max(_parses.Count, _newParses.Count);

    public int RenderCount => Math.Max(_renders.Count, _newRenders.Count);

    /// <summary>Every parse entry, the stored ones replaced by those made in this compile.</summary>
    public IEnumerable<KeyValuePair<string, CachedParse>> Parses => Merge(_parses, _newParses);

    public IEnumerable<KeyValuePair<string, CachedRender>> Renders => Merge(_renders, _newRenders);

    /// <summary>
    /// A digest of a text, to tell whether it changed (not to resist forgery): 128-bit XXH3 of its UTF-16 code units,
    /// which costs a fraction of SHA-256's per-call setup on the 10,000 small templates of a large project.
    /// </summary>
    public static string Hash(string text) => Convert.ToHexString(XxHash128.Hash(MemoryMarshal.AsBytes(text.AsSpan())));

    public static bool IsVolatile(string text) => Array.Exists(VolatileTokens, t => text.Contains(t, StringComparison.Ordinal));

    /// <summary>The stored parse of <paramref name="filePath"/> when its text (by <paramref name="textHash"/>) and the environment variables it read are unchanged.</summary>
    public StaticParseResult? TryParse(string filePath, string textHash, Func<string, string?> environment)
    {
        if (!_parses.TryGetValue(filePath, out var entry) || !ReadsHold(entry.Reads, environment) || entry.TextHash != textHash)
        {
            return null;
        }

        Interlocked.Increment(ref _parseHits);
        _newParses[filePath] = entry;
        return entry.Calls;
    }

    public void RecordParse(string filePath, SourceText text, StaticParseResult calls, IEnumerable<(string Name, string? Value)> reads)
    {
        if (!text.IsVolatile && calls.Config.All(c => c.Node is null && PlainValueCodec.IsStorable(c.Value)))
        {
            _newParses[filePath] = new CachedParse(text.Hash, calls, [.. reads.Select(r => new EnvironmentRead(r.Name, r.Value))]);
        }
    }

    /// <summary>The stored render of a node, still to be checked against what it read (<see cref="CachedRender"/>).</summary>
    public CachedRender? StoredRender(string uniqueId) => _renders.GetValueOrDefault(uniqueId);

    /// <summary>The render this compile made or reused for <paramref name="key"/>, or null when it stored none.</summary>
    public CachedRender? RenderOf(string key) => _newRenders.GetValueOrDefault(key);

    /// <param name="counted">False for an incremental model's other branch, which is not a node's render of its own.</param>
    public void Reused(string key, CachedRender entry, bool counted = true)
    {
        if (counted)
        {
            Interlocked.Increment(ref _renderHits);
        }

        _newRenders[key] = entry;
    }

    /// <summary>
    /// The key of an incremental model's render in its other <c>is_incremental()</c> branch, which its definition (its
    /// SQL checksum) takes: stored beside the node's own render, under the same rules.
    /// </summary>
    public static string OtherBranchKey(string uniqueId) => uniqueId + OtherBranchSuffix;

    /// <summary>The node a render's key belongs to.</summary>
    public static string NodeOf(string key) => key.EndsWith(OtherBranchSuffix, StringComparison.Ordinal) ? key[..^OtherBranchSuffix.Length] : key;

    public void RecordRender(string uniqueId, CachedRender entry) => _newRenders[uniqueId] = entry;

    public static bool ReadsHold(ImmutableArray<EnvironmentRead> reads, Func<string, string?> environment)
    {
        // A loop, not All(): its closure over the environment was allocated for each of 20,000 entries, most with no read.
        foreach (var read in reads)
        {
            if (!string.Equals(environment(read.Name), read.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<KeyValuePair<string, T>> Merge<T>(IReadOnlyDictionary<string, T> stored, ConcurrentDictionary<string, T> made) =>
        stored.Where(kv => !made.ContainsKey(kv.Key)).Concat(made);
}
