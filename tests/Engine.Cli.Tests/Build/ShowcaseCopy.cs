using Engine.TestSupport;

namespace Engine.Cli.Tests.Build;

/// <summary>A throwaway copy of examples/showcase whose target database is unique to the copy.</summary>
public sealed class ShowcaseCopy : IDisposable
{
    public ShowcaseCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-showcase-copy-" + Guid.NewGuid().ToString("N"));
        Database = "showcase_" + Guid.NewGuid().ToString("N")[..12];
        var source = Path.Combine(RepositoryPaths.Root, "examples", "showcase");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("target", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var pipeline = Path.Combine(Root, "pipeline.yml");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("database: showcase", $"database: {Database}", StringComparison.Ordinal));
    }

    public string Root { get; }

    public string Database { get; }

    public void Write(string relative, string content) => File.WriteAllText(Path.Combine(Root, relative), content);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover.
        }
    }
}
