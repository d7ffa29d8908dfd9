using System.Diagnostics;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.TestSupport;
using Strava.Sandbox;

/// <summary>
/// bench/extract parallel N MS: a quiet day of N sandbox athletes whose every request takes MS milliseconds to answer
/// (Strava's network distance), extracted one athlete at a time (<c>max_parallel_athletes: 1</c>) and four at a time,
/// alternated in the same session; the figure is the ratio of their medians.
/// </summary>
internal static class ParallelAthletes
{
    private const int Rounds = 5;

    public static async Task RunAsync(int athletes, int latencyMs)
    {
        Console.Error.WriteLine($"starting a throwaway PostgreSQL and a sandbox with {athletes} athletes, {latencyMs} ms a request...");
        await using var temporary = new TemporaryCluster();
        var instance = await temporary.Cluster.EnsureStartedAsync();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero)),
            Athletes = athletes,
            HistoryDays = 30,
            FutureDays = 0,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            ReadLimit15Min = 10_000_000,
            ReadLimitDaily = 10_000_000,
            OverallLimit15Min = 10_000_000,
            OverallLimitDaily = 10_000_000,
        });
        await instance.EnsureDatabaseAsync("bench_parallel");
        var options = new StravaExtractorOptions(
            instance.ConnectionString("bench_parallel"), Engine.Cli.Composition.StravaSandboxStandIn.Credentials(sandbox), new MemoryRefreshTokenStore());

        await RunOnceAsync(options with { MaxParallelAthletes = 4 });
        var times = new Dictionary<int, List<double>> { [1] = [], [4] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var parallel in (int[])[1, 4])
            {
                times[parallel].Add(await RunOnceAsync(options with { MaxParallelAthletes = parallel }));
            }
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (one, four) = (Median(times[1]), Median(times[4]));
        Console.WriteLine($"quiet day, {athletes} athletes, {latencyMs} ms a request: one at a time {one:F2}s, four at a time {four:F2}s " +
            $"(median of {Rounds}, alternated); four/one = {four / one:F2}");
    }

    private static async Task<double> RunOnceAsync(StravaExtractorOptions options)
    {
        await using var extractor = new StravaExtractor(options);
        var clock = Stopwatch.StartNew();
        var summary = await extractor.RunAsync(new ExtractRequest(), null, CancellationToken.None);
        if (!summary.Complete)
        {
            throw new InvalidOperationException("the extract did not complete: " + string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        }

        return clock.Elapsed.TotalSeconds;
    }
}
