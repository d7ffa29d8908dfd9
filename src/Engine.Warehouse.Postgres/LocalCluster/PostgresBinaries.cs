using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>One folder holding initdb, pg_ctl and postgres of a known major version.</summary>
public sealed partial record PostgresBinaries(string BinDirectory, int MajorVersion, string VersionText)
{
    /// <summary>15: incremental models and snapshots use MERGE, new in 15 (the CDC reader needs 14).</summary>
    public const int MinimumMajorVersion = 15;

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(BinDirectory, ExecutableFinder.FileName("initdb"));

    public string PgCtl => Path.Combine(BinDirectory, ExecutableFinder.FileName("pg_ctl"));

    public string Postgres => Path.Combine(BinDirectory, ExecutableFinder.FileName("postgres"));

    /// <summary>Returns the first candidate folder of <paramref name="search"/> with all three programs at version 15 or newer.</summary>
    /// <exception cref="LocalPostgresException">ENG1501 when there is none.</exception>
    public static async Task<PostgresBinaries> LocateAsync(PostgresBinarySearch search, CancellationToken cancellationToken = default)
    {
        var tooOld = new List<string>();
        await foreach (var directory in search.CandidateDirectoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!HoldsAllPrograms(directory))
            {
                continue;
            }

            var candidate = await ReadVersionAsync(Path.GetFullPath(directory), cancellationToken).ConfigureAwait(false);
            if (candidate is { MajorVersion: >= MinimumMajorVersion })
            {
                return candidate;
            }

            if (candidate is not null)
            {
                tooOld.Add($"{candidate.VersionText} in {candidate.BinDirectory}");
            }
        }

        throw NotFound(search, tooOld);
    }

    private static bool HoldsAllPrograms(string directory) =>
        Programs.All(p => File.Exists(Path.Combine(directory, ExecutableFinder.FileName(p))));

    /// <summary>Runs <c>postgres --version</c>, e.g. "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)".</summary>
    private static async Task<PostgresBinaries?> ReadVersionAsync(string directory, CancellationToken cancellationToken)
    {
        var postgres = Path.Combine(directory, ExecutableFinder.FileName("postgres"));
        var result = await ProcessRunner.RunAsync(postgres, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        var match = VersionPattern().Match(result.StandardOutput);
        if (!result.Succeeded || !match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        return new PostgresBinaries(directory, major, "PostgreSQL " + match.Groups["version"].Value);
    }

    private static LocalPostgresException NotFound(PostgresBinarySearch search, List<string> tooOld)
    {
        var message =
            $"PostgreSQL server binaries (initdb, pg_ctl, postgres) {MinimumMajorVersion} or newer were not found "
            + $"on PATH, through pg_config or under {PostgresBinarySearch.DebianRoot}/*/bin; install them with "
            + $"`sudo apt-get install -y postgresql` (Debian/Ubuntu) or set {PostgresBinarySearch.DirectoryVariable} to their folder";
        if (search.ExplicitDirectory is { } explicitDirectory && !HoldsAllPrograms(explicitDirectory))
        {
            message += $" ({PostgresBinarySearch.DirectoryVariable}={search.ExplicitDirectory} does not hold all three)";
        }

        if (tooOld.Count > 0)
        {
            message += $"; too old: {string.Join(", ", tooOld)}";
        }

        return new LocalPostgresException(DiagnosticCodes.LocalServerBinariesMissing, message);
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(?<version>(?<major>\d+)(\.\d+)*)")]
    private static partial Regex VersionPattern();
}
