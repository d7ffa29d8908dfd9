using Engine.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Engine.Import.Dbt;

/// <summary>dbt_project.yml as the import needs it: the name, the profile, where each kind of file lives, and its trees.</summary>
public sealed record DbtProjectFile(
    string FilePath,
    string Name,
    string? Profile,
    IReadOnlyList<string> ModelPaths,
    IReadOnlyList<string> SeedPaths,
    IReadOnlyList<string> TestPaths,
    IReadOnlyList<string> MacroPaths,
    IReadOnlyList<string> SnapshotPaths,
    IReadOnlyList<string> AnalysisPaths,
    YamlMappingNode Root)
{
    public const string FileName = "dbt_project.yml";

    /// <summary>Keys with no meaning once imported (where dbt writes its output, which dbt versions may run it).</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "name", "profile", "version", "config-version", "target-path", "clean-targets", "log-path", "packages-install-path",
        "require-dbt-version", "model-paths", "seed-paths", "test-paths", "macro-paths", "snapshot-paths", "analysis-paths",
        "docs-paths", "asset-paths", "source-paths", "data-paths", "models", "seeds", "snapshots", "vars", "flags",
    };

    public static DbtProjectFile Read(string directory, DiagnosticBag bag)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ProjectException(DiagnosticCodes.ImportNotDbtProject,
                Directory.Exists(directory) ? $"no {FileName} in '{directory}': not a dbt project" : $"'{directory}' does not exist");
        }

        var root = Engine.Core.Loading.YamlDocument.LoadMapping(path, File.ReadAllText(path), bag);
        bag.ThrowIfErrors();
        if (root is null || YamlValues.Text(YamlValues.Get(root, "name")) is not { Length: > 0 } name)
        {
            throw new ProjectException(DiagnosticCodes.ImportNotDbtProject, $"{FileName} has no 'name'", SourceLocation.File(path));
        }

        return new DbtProjectFile(
            path,
            name,
            YamlValues.Text(YamlValues.Get(root, "profile")),
            Paths(root, "model-paths", "models", "source-paths"),
            Paths(root, "seed-paths", "seeds", "data-paths"),
            Paths(root, "test-paths", "tests"),
            Paths(root, "macro-paths", "macros"),
            Paths(root, "snapshot-paths", "snapshots"),
            Paths(root, "analysis-paths", "analyses"),
            root);
    }

    public YamlMappingNode? Section(string key) => YamlValues.Get(Root, key) as YamlMappingNode;

    /// <summary>The top-level keys the import does not carry over (hooks, dispatch, quoting, ...), with their nodes.</summary>
    public IEnumerable<(string Key, YamlNode Node)> Unconverted =>
        YamlValues.Entries(Root).Where(e => !Ignored.Contains(e.Key)).Select(e => (e.Key, (YamlNode)e.KeyNode));

    private static List<string> Paths(YamlMappingNode root, string key, string fallback, string? legacy = null)
    {
        var node = YamlValues.Get(root, key) ?? (legacy is null ? null : YamlValues.Get(root, legacy));
        return node is YamlSequenceNode list
            ? [.. list.Children.Select(YamlValues.Text).OfType<string>().Select(p => p.TrimEnd('/'))]
            : [fallback];
    }
}
