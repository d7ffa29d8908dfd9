using System.Collections.Immutable;
using Engine.Core.Diagnostics;

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
    /// <summary>Deeper than any real folder tree; reached only through links the loop check cannot see (bind mounts).</summary>
    public const int MaxFolderDepth = 32;

    /// <summary>The <c>.sql</c> files under <c>analyses/</c>: compiled, never run.</summary>
    public ImmutableArray<string> Analyses { get; init; } = [];

    public static ProjectFiles Scan(string root, DiagnosticBag bag)
    {
        // One walk per top folder: on large projects the directory walk is a visible cost.
        var models = Walk(root, "models", bag);
        var seeds = Walk(root, "seeds", bag);
        var tests = Walk(root, "tests", bag);
        var testSql = Ending(tests.Files, ".sql");
        return new ProjectFiles(
            root,
            Ending(models.Files, ".sql"),
            // Seed properties may sit beside the CSV files, as in dbt.
            [.. Ending(models.Files, ".yml", ".yaml"), .. Ending(seeds.Files, ".yml", ".yaml")],
            Ending(Walk(root, "macros", bag).Files, ".sql"),
            [.. testSql.Where(p => !p.StartsWith("tests/generic/", StringComparison.Ordinal))],
            [.. testSql.Where(p => p.StartsWith("tests/generic/", StringComparison.Ordinal))],
            Ending(seeds.Files, ".csv"),
            models.Folders,
            seeds.Folders)
        {
            Analyses = Ending(Walk(root, "analyses", bag).Files, ".sql"),
        };
    }

    public string FullPath(string relative) => Path.Combine(RootDirectory, relative);

    /// <summary>
    /// Every file a compile reads besides the model SQL files, relative and in a fixed order: pipeline.yml, sources.yml
    /// (when there is one), properties files, macros, tests, seeds, analyses and dashboards.
    /// </summary>
    public ImmutableArray<string> CompileInputs()
    {
        var sources = File.Exists(FullPath(SourcesFileReader.FileName)) ? [SourcesFileReader.FileName] : Array.Empty<string>();
        var dashboards = DashboardFileReader.Files(RootDirectory).Select(p => Path.GetRelativePath(RootDirectory, p).Replace('\\', '/'));
        return [PipelineFileReader.FileName, .. sources, .. ModelYaml, .. Macros, .. SingularTests, .. GenericTests, .. Seeds, .. Analyses, .. dashboards];
    }

    private static ImmutableArray<string> Ending(ImmutableArray<string> files, params string[] extensions) =>
        [.. files.Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))];

    private static (ImmutableArray<string> Files, HashSet<string> Folders) Walk(string root, string folder, DiagnosticBag bag)
    {
        var dir = Path.Combine(root, folder);
        var files = new List<string>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
        {
            return ([], folders);
        }

        // Links to folders are followed (a shared folder of models may be linked in), except a link back to a folder
        // that contains it: that loop made the walk list the same models hundreds of times over.
        var options = new EnumerationOptions { AttributesToSkip = FileAttributes.Hidden };
        var pending = new Stack<(DirectoryInfo Directory, ImmutableList<string> Ancestors)>();
        var top = Lineage(Path.GetFullPath(dir));
        var lineageOfTop = top.Count;
        pending.Push((new DirectoryInfo(dir), top));
        while (pending.TryPop(out var current))
        {
            foreach (var entry in current.Directory.EnumerateFileSystemInfos("*", options))
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is { } linkTarget && !Resolves(entry))
                {
                    // A link to itself or in a ring of links never resolves; one to a deleted file neither.
                    bag.Error(DiagnosticCodes.SymlinkLoop,
                        $"symbolic link '{relative}' -> '{linkTarget}' leads nowhere (a loop of links, or its target is gone); remove or fix the link",
                        SourceLocation.File(entry.FullName));
                    continue;
                }

                if (entry is not DirectoryInfo sub)
                {
                    files.Add(relative);
                    continue;
                }

                var real = sub.LinkTarget is null ? sub.FullName : sub.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? sub.FullName;
                real = Path.TrimEndingDirectorySeparator(Path.GetFullPath(real));
                if (sub.LinkTarget is not null && current.Ancestors.Contains(real))
                {
                    bag.Error(DiagnosticCodes.SymlinkLoop,
                        $"symbolic link '{relative}' -> '{sub.LinkTarget}' points back to '{Path.GetRelativePath(root, real).Replace('\\', '/')}', a folder that contains it; this loop is not followed, remove the link",
                        SourceLocation.File(sub.FullName));
                    continue;
                }

                if (current.Ancestors.Count > MaxFolderDepth + lineageOfTop)
                {
                    bag.Error(DiagnosticCodes.SymlinkLoop,
                        $"folders nest more than {MaxFolderDepth} levels deep at '{relative}'; a loop of links? It is not followed",
                        SourceLocation.File(sub.FullName));
                    continue;
                }

                folders.Add(relative[(folder.Length + 1)..]);
                pending.Push((sub, current.Ancestors.Add(real)));
            }
        }

        files.Sort(StringComparer.Ordinal);
        return ([.. files], folders);
    }

    private static bool Resolves(FileSystemInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
        }
        catch (IOException)
        {
            return false; // "too many levels of symbolic links"
        }
    }

    /// <summary>The folder and every folder above it: a link to the project root (or above) is a loop too.</summary>
    private static ImmutableList<string> Lineage(string path)
    {
        var lineage = ImmutableList.CreateBuilder<string>();
        for (var at = Path.TrimEndingDirectorySeparator(path); !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            lineage.Insert(0, at);
        }

        return lineage.ToImmutable();
    }
}
