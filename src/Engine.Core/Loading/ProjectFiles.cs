using System.Collections.Immutable;

namespace Engine.Core.Loading;

/// <summary>The files of a project directory, found in one walk, with paths relative to the project using '/'.</summary>
public sealed record ProjectFiles(
    string RootDirectory,
    ImmutableArray<string> ModelSql,
    ImmutableArray<string> ModelYaml,
    ImmutableArray<string> Macros,
    ImmutableArray<string> SingularTests,
    ImmutableArray<string> GenericTests,
    ImmutableArray<string> Seeds,
    IReadOnlySet<string> ModelFolders,
    IReadOnlySet<string> SeedFolders)
{
    public static ProjectFiles Scan(string root)
    {
        return new ProjectFiles(
            root,
            Find(root, "models", "*.sql"),
            [.. Find(root, "models", "*.yml"), .. Find(root, "models", "*.yaml")],
            Find(root, "macros", "*.sql"),
            [.. Find(root, "tests", "*.sql").Where(p => !p.StartsWith("tests/generic/", StringComparison.Ordinal))],
            Find(root, "tests/generic", "*.sql"),
            Find(root, "seeds", "*.csv"),
            Folders(root, "models"),
            Folders(root, "seeds"));
    }

    public string FullPath(string relative) => Path.Combine(RootDirectory, relative);

    private static ImmutableArray<string> Find(string root, string folder, string pattern)
    {
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    private static HashSet<string> Folders(string root, string folder)
    {
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(dir, p).Replace('\\', '/'))];
    }
}
