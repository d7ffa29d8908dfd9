using System.Diagnostics;
using System.Globalization;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Npgsql;
using Strava.Sandbox;

/// <summary>
/// bench/extract athletes N: N sandbox athletes under one application's read limit. Reads per athlete of a quiet day
/// and of an ordinary day when polling, against the reads the webhooks of that same day cost (one GET per create or
/// update event), and how many athletes one application's daily read limit (1,000) serves each way. Every figure is
/// counted by the sandbox, which answers over real HTTP and counts API reads as Strava's limiter does.
/// </summary>
internal static class ManyAthletes
{
    private const int DailyReadLimit = 1_000;

    public static async Task RunAsync(int athletes)
    {
        var start = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        Console.Error.WriteLine($"starting a throwaway PostgreSQL and a sandbox with {athletes} athletes...");
        await using var temporary = new TemporaryCluster();
        var instance = await temporary.Cluster.EnsureStartedAsync();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(start),
            Athletes = athletes,
            HistoryDays = 30,
            FutureDays = 5,
            // Raised so that the runs measure reads instead of waiting for windows; the reads are counted all the same.
            ReadLimit15Min = 10_000_000,
            ReadLimitDaily = 10_000_000,
            OverallLimit15Min = 10_000_000,
            OverallLimitDaily = 10_000_000,
        });
        await instance.EnsureDatabaseAsync("bench_athletes");
        var tokens = new MemoryRefreshTokenStore();
        var options = new StravaExtractorOptions(
            instance.ConnectionString("bench_athletes"), Engine.Cli.Composition.StravaSandboxStandIn.Credentials(sandbox), tokens);

        var load = await MeasureAsync("first load (whole history)", sandbox, athletes, () => ExtractAsync(options));
        var quiet = await MeasureAsync("quiet day (nothing new)", sandbox, athletes, () => ExtractAsync(options));
        var everyRun = await MeasureAsync("quiet day, profile fetched every run (profile_max_age: 0s)", sandbox, athletes,
            () => ExtractAsync(options with { ProfileMaxAge = TimeSpan.Zero }));

        // An ordinary day: the clock moves a day; what happened in it reaches staging by polling, then by webhooks.
        var from = sandbox.Clock.GetUtcNow();
        sandbox.Clock.Advance(TimeSpan.FromDays(1));
        var to = sandbox.Clock.GetUtcNow();
        var created = sandbox.Data.Athletes
            .SelectMany(a => sandbox.Data.Visible(a.Id, to).Where(x => x.StartDate > from).Select(x => new WebhookEvent("activity", x.Id, "create", a.Id, 1, x.StartDate.ToUnixTimeSeconds(), "{}")))
            .ToList();
        var owners = sandbox.Data.Athletes.SelectMany(a => sandbox.Data.Visible(a.Id, to).Select(x => (x.Id, a.Id))).ToDictionary(p => p.Item1, p => p.Item2);
        var updated = sandbox.Data.EditsBetween(from, to)
            .Where(e => owners.ContainsKey(e.ActivityId))
            .Select(e => new WebhookEvent("activity", e.ActivityId, "update", owners[e.ActivityId], 1, e.At.ToUnixTimeSeconds(), "{}"))
            .ToList();
        var day = await MeasureAsync("an ordinary day, polled", sandbox, athletes, () => ExtractAsync(options));

        await using (var connection = new NpgsqlConnection(instance.ConnectionString("bench_athletes")))
        {
            await connection.OpenAsync();
            foreach (var e in created.Concat(updated))
            {
                await WebhookQueue.EnqueueAsync(connection, e, CancellationToken.None);
            }
        }

        var hooks = await MeasureAsync($"the same day by webhooks ({created.Count} create + {updated.Count} update events)", sandbox, athletes, async () =>
        {
            await using var extractor = new StravaExtractor(options);
            await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        });

        Console.WriteLine();
        Console.WriteLine($"reads per athlete: first load {load:F2}; quiet day {quiet:F2} (profile every run {everyRun:F2}, before this change 3 = profile + short page + empty page); ordinary day {day:F2} polled, {hooks:F2} by webhooks");
        Console.WriteLine($"athletes one application's daily limit ({DailyReadLimit:N0} reads) serves: polling {Serves(day)} (quiet days {Serves(quiet)}; {Serves(3)} before this change), webhooks {Serves(hooks)}");
        Console.WriteLine($"ratios: webhooks/polling reads on the ordinary day {hooks / day:F2} (on a quiet day polling costs {quiet:F2} per athlete, webhooks nothing: no event, no read); " +
            $"athletes served by polling now/before {Serves(day) / (double)Serves(3):F1}");
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ExtractAsync(StravaExtractorOptions options)
    {
        await using var extractor = new StravaExtractor(options);
        var summary = await extractor.RunAsync(new ExtractRequest(), null, CancellationToken.None);
        if (!summary.Complete)
        {
            throw new InvalidOperationException("the extract did not complete: " + string.Join("; ", summary.Athletes.Select(a => a.Reason).Where(r => r is not null).Distinct()));
        }
    }

    /// <summary>Runs one case and prints its API reads (and token requests) as the sandbox counted them; returns reads per athlete.</summary>
    private static async Task<double> MeasureAsync(string label, SandboxServer sandbox, int athletes, Func<Task> run)
    {
        sandbox.ClearRequests();
        var clock = Stopwatch.StartNew();
        await run();
        var requests = sandbox.Requests;
        var reads = requests.Count(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal));
        var tokens = requests.Count(r => r.Path == "/oauth/token");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {reads:N0} reads = {reads / (double)athletes:F2} per athlete, plus {tokens:N0} token refreshes (not counted by Strava), {clock.Elapsed.TotalSeconds:F1}s"));
        return reads / (double)athletes;
    }

    private static int Serves(double readsPerAthlete) => readsPerAthlete <= 0 ? int.MaxValue : (int)Math.Floor(DailyReadLimit / readsPerAthlete);
}
