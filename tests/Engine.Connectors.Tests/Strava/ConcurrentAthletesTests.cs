using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// Athletes extracted at once (<c>max_parallel_athletes</c>): the sandbox holds requests until two are in flight
/// together, which only a concurrent run can satisfy, so the tests show overlap without measuring time.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentAthletesTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(1, false)]
    public async Task Athletes_run_at_once_up_to_the_setting_and_each_gets_its_own_rows_checkpoint_and_request_count(int parallel, bool together)
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 3, HistoryDays = 120 });
        // The run's first API request goes alone (the budget is unknown until it is answered); the two after it meet
        // only when two athletes have requests in flight at once. One at a time, the second is let go after the wait.
        bed.Sandbox.Faults.HoldUntilTogether(2, together ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(2), after: 1);
        var summary = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = parallel });

        Assert.Equal(together, bed.Sandbox.Faults.RendezvousMet);
        Assert.True(summary.Complete, string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        await bed.AssertStagingMatchesSandboxAsync();

        // Results in the start order (never served: by name), whatever order they finished in.
        Assert.Equal(["alice", "bruno", "chen"], summary.Athletes.Select(a => a.Athlete));
        foreach (var athlete in summary.Athletes)
        {
            // Each athlete's own requests, though the client is shared: token, profile, one page, the empty page.
            var visible = bed.Sandbox.Data.Visible(athlete.AthleteId!.Value, StravaTestBed.Start).Count;
            Assert.Equal((StravaTestBed.MinimumRequests(visible), StravaTestBed.MinimumRequests(visible) - 1, visible, visible),
                (athlete.Requests, athlete.Reads, athlete.Activities, athlete.Inserted));
        }

        Assert.Equal(summary.Requests, bed.Sandbox.Requests.Count);
        Assert.Equal(3L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_extract_state WHERE complete AND resume_before IS NULL"));
        Assert.Equal(3L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_athlete_runs"));
        Assert.Equal(3L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_athlete_served"));

        // The next run serves them again in the fair order and changes nothing.
        bed.Sandbox.Faults.Reset();
        var quiet = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = parallel });
        Assert.True(quiet.Complete);
        Assert.Equal((0, 0), (quiet.Inserted, quiet.Updated));
        Assert.All(quiet.Athletes, a => Assert.Equal(1, a.Reads));
    }

    [Fact]
    public async Task A_rate_limit_stop_with_athletes_at_once_spends_no_429_and_the_next_day_resumes_exactly()
    {
        // Four athletes of about 3 reads each (profile, a page, the empty page) against 7 reads a day.
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 4, HistoryDays = 30, FutureDays = 0, ReadLimitDaily = 7 });
        var shortWait = (Func<StravaExtractorOptions, StravaExtractorOptions>)(o => o with { MaxParallelAthletes = 4, MaxRateLimitWait = TimeSpan.FromMinutes(1) });
        var stopped = await bed.ExtractAsync(change: shortWait);

        Assert.False(stopped.Complete);
        Assert.Equal(7, stopped.Reads);
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        Assert.All(stopped.Athletes.Where(a => a.Status != ExtractStatus.Complete), a =>
        {
            Assert.Equal(ExtractStatus.Stopped, a.Status);
            Assert.Contains("rate limit", a.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(stopped.Reads, stopped.Athletes.Sum(a => a.Reads));
        var staged = await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities");
        Assert.Equal(stopped.Inserted, (int)staged);

        // The next days: every athlete completes from its checkpoint (a day's 7 reads may not cover the rest and the
        // completed athletes' daily reads); every activity is inserted once over all the runs.
        var inserted = stopped.Inserted;
        ExtractSummary? resumed = null;
        var leftOut = stopped.Athletes.Where(a => a.Reads == 0).Select(a => a.Athlete).ToArray();
        for (var day = 1; day <= 4 && resumed is not { Complete: true }; day++)
        {
            var tomorrow = bed.Sandbox.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddMinutes(1);
            bed.Sandbox.Clock.Set(new DateTimeOffset(tomorrow, TimeSpan.Zero));
            resumed = await bed.ExtractAsync(change: shortWait);
            inserted += resumed.Inserted;
            if (day == 1)
            {
                // Those the budget left out are served first on the next day.
                Assert.Equal(leftOut, resumed.Athletes.Take(leftOut.Length).Select(a => a.Athlete));
            }
        }

        Assert.True(resumed!.Complete, string.Join("; ", resumed.Athletes.Select(a => a.Reason)));
        Assert.Equal(bed.Expected().Count, inserted);
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        Assert.Equal(4L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_extract_state WHERE complete"));
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task Athletes_not_yet_started_when_the_rate_limit_stops_the_run_are_reported_stopped_with_its_reason()
    {
        // Two at a time, 11 reads per athlete's history against 5 a day: the first two stop in flight, the others never start.
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 4, HistoryDays = 60, ActivitiesPerAthlete = 2_000, ReadLimitDaily = 5 });
        var summary = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = 2, MaxRateLimitWait = TimeSpan.FromMinutes(1) });

        Assert.Equal(["alice", "bruno", "chen", "dana"], summary.Athletes.Select(a => a.Athlete));
        Assert.All(summary.Athletes, a => Assert.Equal(ExtractStatus.Stopped, a.Status));
        Assert.Equal((5, 0), (summary.Athletes[0].Reads + summary.Athletes[1].Reads, bed.Sandbox.RateLimits.Rejected));
        Assert.All(summary.Athletes.Skip(2), a =>
        {
            Assert.Equal((0, 0), (a.Requests, a.Reads));
            Assert.Contains(a.Reason, new[] { summary.Athletes[0].Reason, summary.Athletes[1].Reason });
        });

        // What the two in flight committed is whole pages, each with its checkpoint.
        var staged = await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities");
        Assert.Equal((long)summary.Inserted, staged);
        Assert.Equal(staged, 200 * await bed.ScalarAsync<long>("SELECT coalesce(sum(pages), 0) FROM _engine.strava_extract_state WHERE NOT complete"));
        Assert.Equal(summary.Athletes.Count(a => a.Reads > 0), (int)await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_athlete_served"));
    }

    [Fact]
    public async Task Concurrent_saves_of_different_athletes_tokens_keep_every_one()
    {
        var path = Path.Combine(Path.GetTempPath(), "strava-tokens-" + Guid.NewGuid().ToString("N"), "tokens.json");
        try
        {
            var store = new FileRefreshTokenStore(path);
            var names = Enumerable.Range(0, 16).Select(i => $"athlete{i}").ToArray();
            await Task.WhenAll(names.Select(n => Task.Run(() => store.SaveAsync("5150", n, "refresh-" + n, null, CancellationToken.None))));

            Assert.Equal(names.Order(StringComparer.Ordinal), await store.AthletesAsync("5150", CancellationToken.None));
            foreach (var name in names)
            {
                Assert.Equal("refresh-" + name, (await store.GetAsync("5150", name, CancellationToken.None))!.RefreshToken);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
