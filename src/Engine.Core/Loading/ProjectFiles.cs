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
        // One walk of models/ for SQL, YAML and folders: on large projects the directory walk is a visible cost.
        var models = Walk(root, "models");
        return new ProjectFiles(
            root,
            [.. models.Files.Where(p => p.EndsWith(".sql", StringComparison.Ordinal))],
            // Seed properties may sit beside the CSV files, as in dbt.
            [.. models.Files.Where(p => p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)),
                .. Find(root, "seeds", "*.yml"), .. Find(root, "seeds", "*.yaml")],
            Find(root, "macros", "*.sql"),
            [.. Find(root, "tests", "*.sql").Where(p => !p.StartsWith("tests/generic/", StringComparison.Ordinal))],
            Find(root, "tests/generic", "*.sql"),
            Find(root, "seeds", "*.csv"),
            models.Folders,
            Folders(root, "seeds"));
    }

    private static (ImmutableArray<string> Files, HashSet<string> Folders) Walk(string root, string folder)
    {
        var dir = Path.Combine(root, folder);
        var files = new List<string>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
        {
            return ([], folders);
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden };
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options))
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (entry is DirectoryInfo)
            {
                folders.Add(relative[(folder.Length + 1)..]);
            }
            else
            {
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return ([.. files], folders);
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
