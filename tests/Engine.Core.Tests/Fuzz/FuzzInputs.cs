using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Core.Tests.Fuzz;

/// <summary>
/// Inputs for the fuzz properties: the corpus files (Fuzz/Corpus, small valid project files) mutated with bytes
/// and tokens that matter to YAML and Scriban, and plain random bytes.
/// </summary>
public static class FuzzInputs
{
    public static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Corpus");

    /// <summary>Fragments that steer mutations into the parsers' interesting paths: anchors, aliases, blocks, quotes, bad UTF-8.</summary>
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{{", "}}", "{{ end }}", "{{ if true }}", "{{ for i in 1..3 }}", "{{ func f(x) }}", "ref('", "')", "source('s', 't')",
            "&a ", "*a", "<<: *a", ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ",", "\n", "\n  ", "\t", "'", "\"", "|", ">",
            "#", "!", "!!str ", "%YAML 1.2\n", "---\n", "...\n", "~", "null", "1e999", "-9223372036854775809", "0x", "\\", "\r",
            "name: x\n", "tests:\n  - unique\n", "columns:\n  - name: c\n", "config: {materialized: table}\n",
            "{{ config { materialized: 'table' } }}", "{{ var('x') }}", "{{ this }}", "{{ is_incremental() }}", "\u00e9", "\ud83d\ude00",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xE2, 0x82], [0x00], [0xEF, 0xBB, 0xBF],
    ];

    public static byte[] Corpus(string file) => File.ReadAllBytes(Path.Combine(CorpusDirectory, file));

    /// <summary>One to eight edits (insert a token, delete, duplicate or overwrite a span, flip a byte) of <paramref name="seed"/>.</summary>
    public static Gen<byte[]> Mutated(byte[] seed) =>
        from count in Gen.Choose(1, 8)
        from edits in Gen.ArrayOf(Edit, count)
        select edits.Aggregate(seed, Apply);

    public static Gen<byte[]> RandomBytes =>
        Gen.Frequency(
            (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))),
            // Mostly structure characters, so that random input gets past the first line of the parsers.
            (3, Gen.ArrayOf(Gen.Elements(Tokens)).Select(parts => parts.SelectMany(p => p).ToArray())));

    private static Gen<(int Kind, int Position, int Token, int Length)> Edit =>
        from kind in Gen.Choose(0, 4)
        from position in Gen.Choose(0, int.MaxValue - 1)
        from token in Gen.Choose(0, Tokens.Length - 1)
        from length in Gen.Choose(1, 64)
        select (kind, position, token, length);

    private static byte[] Apply(byte[] input, (int Kind, int Position, int Token, int Length) edit)
    {
        var bytes = input.ToList();
        var at = edit.Position % (bytes.Count + 1);
        var span = Math.Min(edit.Length, bytes.Count - at);
        switch (edit.Kind)
        {
            case 0:
                bytes.InsertRange(at, Tokens[edit.Token]);
                break;
            case 1:
                bytes.RemoveRange(at, span);
                break;
            case 2:
                bytes.InsertRange(at, bytes.GetRange(at, span));
                break;
            case 3 when at < bytes.Count:
                bytes[at] ^= (byte)(1 << (edit.Token % 8));
                break;
            default:
                bytes.RemoveRange(at, span);
                bytes.InsertRange(at, Tokens[edit.Token]);
                break;
        }

        return [.. bytes];
    }
}
