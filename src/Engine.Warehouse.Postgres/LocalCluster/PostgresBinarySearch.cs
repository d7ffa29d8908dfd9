using System.Runtime.CompilerServices;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Where <see cref="PostgresBinaries.LocateAsync"/> looks, in order: <paramref name="ExplicitDirectory"/>,
/// each folder of <paramref name="PathVariable"/>, <c>pg_config --bindir</c> (when <paramref name="UsePgConfig"/>),
/// then the highest version folder <c>&lt;root&gt;/&lt;major&gt;/bin</c> under each of <paramref name="VersionedRoots"/>.
/// Tests pass their own values; the engine uses <see cref="FromEnvironment"/>.
/// </summary>
public sealed record PostgresBinarySearch(
    string? ExplicitDirectory,
    string? PathVariable,
    bool UsePgConfig,
    IReadOnlyList<string> VersionedRoots)
{
    /// <summary>Names the folder holding initdb, pg_ctl and postgres when they are not found otherwise.</summary>
    public const string DirectoryVariable = "ENGINE_PG_BIN";

    /// <summary>Debian and Ubuntu install each major version side by side here.</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    public static PostgresBinarySearch FromEnvironment() => new(
        NullIfEmpty(Environment.GetEnvironmentVariable(DirectoryVariable)),
        Environment.GetEnvironmentVariable("PATH"),
        UsePgConfig: true,
        [DebianRoot]);

    /// <summary>Candidate bin folders, most preferred first; may repeat one and may not exist.</summary>
    internal async IAsyncEnumerable<string> CandidateDirectoriesAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (ExplicitDirectory is not null)
        {
            yield return ExplicitDirectory;
        }

        if (ExecutableFinder.FindOnPath("initdb", PathVariable) is { } initdb)
        {
            yield return Path.GetDirectoryName(ExecutableFinder.ResolveLinks(initdb))!;
        }

        if (UsePgConfig && ExecutableFinder.FindOnPath("pg_config", PathVariable) is { } pgConfig)
        {
            var result = await ProcessRunner.RunAsync(pgConfig, ["--bindir"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } binDirectory)
            {
                yield return binDirectory;
            }
        }

        foreach (var root in VersionedRoots.Where(Directory.Exists))
        {
            var versions = Directory.EnumerateDirectories(root)
                .Select(d => (Path: d, Major: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(v => v.Major >= 0)
                .OrderByDescending(v => v.Major);
            foreach (var version in versions)
            {
                yield return Path.Combine(version.Path, "bin");
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
