using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Project.Sources;

namespace Engine.Connectors.Strava.Config;

/// <summary>
/// The extract settings of the source whose <c>extract.connector</c> is <c>strava</c> in sources.yml, from the
/// records the project loader parsed (which reported bad values at their line and column):
/// <code>
/// staging: {database: strava}
/// extract: {connector: strava, lookback: 7d, max_rate_limit_wait: 15m, profile_max_age: 7d, reconcile: {every: 7d}, max_parallel_athletes: 4}
/// </code>
/// </summary>
public sealed record StravaSourceConfig(string SourceName, string StagingDatabase, TimeSpan Lookback, TimeSpan MaxRateLimitWait)
{
    /// <summary>The source's staging block (its server, when not the target's or the managed one).</summary>
    public StagingSettings? Staging { get; init; }

    public TimeSpan ProfileMaxAge { get; init; } = DefaultProfileMaxAge;

    /// <summary>How often each athlete's full listing is reconciled with staging; null when sources.yml declares none.</summary>
    public TimeSpan? ReconcileEvery { get; init; }

    /// <summary>How many athletes are extracted at once.</summary>
    public int MaxParallelAthletes { get; init; } = DefaultMaxParallelAthletes;

    public const string ConnectorName = "strava";

    /// <summary>
    /// A quiet day costs each athlete a few round trips of latency (token, staging, one short page): four at a time
    /// overlap them while keeping the staging connections and the requests in flight at Strava few.
    /// </summary>
    public const int DefaultMaxParallelAthletes = 4;

    public static readonly TimeSpan DefaultLookback = TimeSpan.FromDays(7);

    public static readonly TimeSpan DefaultMaxRateLimitWait = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A profile (weight, city, FTP) changes rarely, and an athlete <c>update</c> event marks it changed sooner: a week
    /// keeps a quiet day at one read per athlete while a missed event is still picked up within days.
    /// </summary>
    public static readonly TimeSpan DefaultProfileMaxAge = TimeSpan.FromDays(7);

    public static StravaSourceConfig From(ProjectDefinition project)
    {
        var source = project.Sources.FirstOrDefault(s => s.Extract?.Connector == ConnectorName)
            ?? throw new ProjectException(DiagnosticCodes.StravaSourceMissing,
                "no source in sources.yml has 'extract: {connector: strava}'; add it to the source the extractor loads");
        if (source.Staging is null)
        {
            throw new ProjectException(DiagnosticCodes.StravaSourceMissing,
                $"source '{source.Name}' extracts from Strava but has no 'staging: {{database: ...}}'", source.Location);
        }

        return new StravaSourceConfig(
            source.Name,
            source.Staging.Database,
            source.Extract!.Lookback ?? DefaultLookback,
            source.Extract.MaxRateLimitWait ?? DefaultMaxRateLimitWait)
        {
            Staging = source.Staging,
            ProfileMaxAge = source.Extract.ProfileMaxAge ?? DefaultProfileMaxAge,
            ReconcileEvery = source.Extract.ReconcileEvery,
            MaxParallelAthletes = source.Extract.MaxParallelAthletes ?? DefaultMaxParallelAthletes,
        };
    }
}
