using System.IO.Hashing;
using System.Text;
using Engine.Core.Compilation;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// Writes each compiled node to target/compiled/, mirroring the source tree, so users can read what will run.
/// Creating thousands of files dominates a compile on slow disks, so a checksum index lets an unchanged file be
/// left alone; a file missing on disk is always rewritten.
/// </summary>
public static class CompiledSqlWriter
{
    private const string IndexFile = ".checksums";

    public static CompiledSqlWriteResult Write(CompiledProject compiled)
    {
        var root = compiled.Parsed.Definition.RootDirectory;
        var compiledRoot = Path.Combine(root, "target", "compiled");
        var indexPath = Path.Combine(compiledRoot, IndexFile);
        var previous = ReadIndex(indexPath);
        var nodes = compiled.Nodes.Where(n => n.CompiledPath is not null).ToArray();
        var checksums = new string[nodes.Length];
        var written = 0;
        foreach (var dir in nodes.Select(n => Path.GetDirectoryName(Path.Combine(root, n.CompiledPath!))!).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(dir);
        }

        // Sequential on purpose: concurrent file creation in one folder contends on the file system's locks and
        // journal; one thread created 1,300 files in 88 ms where two took 212 ms and eight 241 ms (ext4, this VM).
        for (var i = 0; i < nodes.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(nodes[i].Sql);
            checksums[i] = Convert.ToHexString(XxHash128.Hash(bytes));
            var path = Path.Combine(root, nodes[i].CompiledPath!);
            if (previous.TryGetValue(nodes[i].CompiledPath!, out var old) && old == checksums[i] && File.Exists(path))
            {
                continue;
            }

            File.WriteAllBytes(path, bytes);
            written++;
        }

        // Streamed: built as one string, 13,000 lines made a 2 MB string on the large object heap.
        Directory.CreateDirectory(compiledRoot);
        using (var index = new StreamWriter(indexPath, append: false, new UTF8Encoding(false), 1 << 12))
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                index.Write(nodes[i].CompiledPath);
                index.Write('\t');
                index.Write(checksums[i]);
                index.Write('\n');
            }
        }

        return new CompiledSqlWriteResult(nodes.Length, written, compiledRoot);
    }

    private static Dictionary<string, string> ReadIndex(string path)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return index;
        }

        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                index[line[..tab]] = line[(tab + 1)..];
            }
        }

        return index;
    }
}
