using Engine.TestSupport;

namespace Engine.Cli.Tests.Support;

/// <summary>A throwaway copy of the repository's project/ (or an empty project) that tests may break at will.</summary>
public sealed class ProjectCopy : IDisposable
{
    public ProjectCopy(bool fromRepository = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        ProjectDir = Path.Combine(Root, "project");
        if (fromRepository)
        {
            Copy(RepositoryPaths.Project, ProjectDir);
        }
        else
        {
            Directory.CreateDirectory(ProjectDir);
        }
    }

    public string Root { get; }

    public string ProjectDir { get; }

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(ProjectDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            if (!dir.Contains($"{Path.DirectorySeparatorChar}target", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!file.Contains($"{Path.DirectorySeparatorChar}target{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
            }
        }
    }
}
