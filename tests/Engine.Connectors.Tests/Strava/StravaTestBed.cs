using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.TestSupport;
using Npgsql;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// A sandbox on a frozen clock, a fresh staging database and an extractor wired to both. Rate-limit waits move the
/// sandbox's clock instead of sleeping; retries back off for milliseconds.
/// </summary>
public sealed class StravaTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 5, 0, TimeSpan.Zero);

    private StravaTestBed(SandboxServer sandbox, string connectionString)
    {
        Sandbox = sandbox;
        ConnectionString = connectionString;
    }

    public SandboxServer Sandbox { get; }

    public string ConnectionString { get; }

    public IRefreshTokenStore Tokens { get; set; } = new MemoryRefreshTokenStore();

    /// <summary>Every notice and progress line of every run, for the secret-leak checks.</summary>
    public List<string> Output { get; } = [];

    public static async Task<StravaTestBed> CreateAsync(PostgresFixture postgres, SandboxOptions? options = null)
    {
        options ??= new SandboxOptions { HistoryDays = 120 };
        if (!options.Clock.IsManual)
        {
            options = options with { Clock = SandboxClock.At(Start) };
        }

        var sandbox = await SandboxServer.StartAsync(options);
        return new StravaTestBed(sandbox, await postgres.CreateDatabaseAsync("strava"));
    }

    public StravaExtractorOptions Options(Func<StravaExtractorOptions, StravaExtractorOptions>? change = null)
    {
        var options = new StravaExtractorOptions(ConnectionString, Engine.Cli.Composition.StravaSandboxStandIn.Credentials(Sandbox), Tokens)
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 3,
            RequestTimeout = TimeSpan.FromSeconds(20),
            MaxRateLimitWait = TimeSpan.FromMinutes(15),
            WaitAsync = (wait, _) =>
            {
                // The client estimates the server's time as its last Date header plus the real time since, while this
                // clock stands still: on a loaded machine the estimate runs ahead by seconds and the wait falls short of
                // the reset. A real wait lasts as long as the real time it counts; a few seconds more stand for that.
                Sandbox.Clock.Advance(wait + TimeSpan.FromSeconds(5));
                return Task.CompletedTask;
            },
        };
        return change is null ? options : change(options);
    }

    public async Task<ExtractSummary> ExtractAsync(ExtractRequest? request = null, Func<StravaExtractorOptions, StravaExtractorOptions>? change = null, Action<ExtractProgress>? onProgress = null)
    {
        await using var extractor = new StravaExtractor(Options(change));
        var progress = new SyncProgress(p =>
        {
            // Athletes extracted at once report from several threads.
            lock (Output)
            {
                Output.Add($"{p.Athlete} {p.Pages} {p.Activities} {p.RateLimitLeft15Min} {p.RateLimitLeftDaily} {p.Notice}");
                onProgress?.Invoke(p);
            }
        });
        var summary = await extractor.RunAsync(request ?? new ExtractRequest(), progress, CancellationToken.None);
        Output.AddRange(summary.Athletes.Select(a => $"{a.Athlete} {a.Status} {a.Reason}"));
        return summary;
    }

    /// <summary>The activities a complete extract must have staged now: every visible one, with its edits.</summary>
    public IReadOnlyList<global::Strava.Sandbox.Data.DemoActivity> Expected() =>
        [.. Sandbox.Data.Athletes.SelectMany(a => Sandbox.Data.Visible(a.Id, Sandbox.Clock.GetUtcNow()))];

    public async Task<Dictionary<long, (string Name, int Kudos, string SportType)>> StagedAsync()
    {
        var rows = new Dictionary<long, (string, int, string)>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, name, kudos_count, sport_type FROM public.activities", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0), (reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
        }

        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Asserts that staging holds exactly the expected activities, field for field where edits happen.</summary>
    public async Task AssertStagingMatchesSandboxAsync()
    {
        var staged = await StagedAsync();
        var expected = Expected();
        Assert.Equal(expected.Count, staged.Count);
        foreach (var activity in expected)
        {
            Assert.True(staged.TryGetValue(activity.Id, out var row), $"activity {activity.Id} missing");
            Assert.Equal((activity.Name, activity.KudosCount, activity.SportType), row);
        }
    }

    /// <summary>
    /// Asserts that staging holds every activity visible when the run began and nothing that is not visible now: for
    /// runs during which the clock moves (rate-limit waits), so later edits and activities may or may not be in.
    /// </summary>
    public async Task AssertStagingHasEveryActivityAsync(IReadOnlyCollection<long> visibleAtStart)
    {
        var staged = (await StagedAsync()).Keys.ToHashSet();
        Assert.Subset(staged, visibleAtStart.ToHashSet());
        Assert.Subset(Expected().Select(a => a.Id).ToHashSet(), staged);
    }

    /// <summary>The fewest requests an extract of these activities counts can take: token, profile, full pages, empty page.</summary>
    public static int MinimumRequests(params int[] activitiesPerAthlete) =>
        activitiesPerAthlete.Sum(n => 2 + (int)Math.Ceiling(n / 200.0) + 1);

    public async ValueTask DisposeAsync()
    {
        // The bed's pool holds a connection per athlete extracted at once.
        PostgresFixture.ClearPool(ConnectionString);

        await Sandbox.DisposeAsync();
    }

    private sealed class SyncProgress(Action<ExtractProgress> report) : IProgress<ExtractProgress>
    {
        public void Report(ExtractProgress value) => report(value);
    }
}
