using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;

namespace Engine.Connectors.Strava;

/// <summary>Everything a <see cref="StravaExtractor"/> needs; built from the project by <see cref="StravaExtraction"/>.</summary>
public sealed record StravaExtractorOptions(string StagingConnectionString, StravaCredentials Credentials, IRefreshTokenStore Tokens)
{
    /// <summary>How far before the newest stored activity an incremental run starts, to catch recent edits.</summary>
    public TimeSpan Lookback { get; init; } = StravaSourceConfig.DefaultLookback;

    public TimeSpan MaxRateLimitWait { get; init; } = StravaSourceConfig.DefaultMaxRateLimitWait;

    /// <summary>A stored profile older than this is fetched again; younger ones only when an athlete event marked them changed.</summary>
    public TimeSpan ProfileMaxAge { get; init; } = StravaSourceConfig.DefaultProfileMaxAge;

    /// <summary>How often an athlete's full listing is reconciled with staging (deletions, old edits); null for never.</summary>
    public TimeSpan? ReconcileEvery { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 5;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Strava's maximum page size; fewer pages means fewer requests.</summary>
    public int PerPage { get; init; } = 200;

    /// <summary>How many athletes are extracted at once (1: one after the other); <c>max_parallel_athletes</c> in sources.yml.</summary>
    public int MaxParallelAthletes { get; init; } = StravaSourceConfig.DefaultMaxParallelAthletes;

    public Func<TimeSpan, CancellationToken, Task> WaitAsync { get; init; } = Task.Delay;

    public override string ToString() => $"StravaExtractorOptions({Credentials}, tokens in {Tokens.Description})";
}
