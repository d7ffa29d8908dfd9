using Engine.Core.Compilation;

namespace Engine.Runtime.Artifacts;

/// <summary>Writes each compiled node to project/target/compiled/, mirroring the source tree, so users can read what will run.</summary>
public static class CompiledSqlWriter
{
    public static int Write(CompiledProject compiled)
    {
        var root = compiled.Parsed.Definition.RootDirectory;
        var nodes = compiled.Nodes.Where(n => n.CompiledPath is not null).ToArray();
        foreach (var dir in nodes.Select(n => Path.GetDirectoryName(Path.Combine(root, n.CompiledPath!))!).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(dir);
        }

        Parallel.ForEach(nodes, node => File.WriteAllText(Path.Combine(root, node.CompiledPath!), node.Sql));
        return nodes.Length;
    }
}
