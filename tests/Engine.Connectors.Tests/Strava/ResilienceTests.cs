using Engine.Connectors.Strava;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>Faults end in complete data or a clean, resumable stop, never in partial pages or duplicated rows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResilienceTests(PostgresFixture postgres)
{
    private static readonly SandboxOptions Small = new() { HistoryDays = 60, ActivitiesPerAthlete = 500 };

    [Fact]
    public async Task Server_error_bursts_malformed_and_truncated_json_are_retried_to_complete_data()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, Small);
        var pages = 0;
        // One athlete at a time, so that each fault meets the next page's requests: with athletes at once, faults armed
        // after pages that finish together can all fall on one request and outlast its retries.
        var summary = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = 1 }, onProgress: p =>
        {
            if (p.Notice is not null)
            {
                return;
            }

            // A different fault after each page, in the middle of the run.
            switch (++pages)
            {
                case 1: bed.Sandbox.Faults.ServerErrorBurst(2); break;
                case 2: bed.Sandbox.Faults.MalformedResponses(1); break;
                case 3: bed.Sandbox.Faults.TruncatedResponses(2); break;
                case 4: bed.Sandbox.Faults.RejectValidTokens(1); break;
            }
        });

        Assert.True(summary.Complete, string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        await bed.AssertStagingMatchesSandboxAsync();
        Assert.Contains(bed.Sandbox.Requests, r => r.Status >= 500);
        Assert.Contains(bed.Sandbox.Requests, r => r.Status == 401);
        Assert.Contains(bed.Output, line => line.Contains("retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slow_responses_time_out_and_are_retried()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, Small);
        // The timeout applies to every request, so it leaves a loaded machine time for the ordinary ones; the slow ones
        // wait far longer (the sandbox stops waiting when the client gives up).
        bed.Sandbox.Faults.SlowDelay = TimeSpan.FromSeconds(60);
        bed.Sandbox.Faults.SlowResponses(2);
        var summary = await bed.ExtractAsync(change: o => o with { RequestTimeout = TimeSpan.FromSeconds(2) });

        Assert.True(summary.Complete, string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task Strava_failing_past_the_retries_stops_cleanly_and_the_next_run_resumes()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, Small);
        // Strava breaks at the first athlete's third page (after its profile and two pages), which the extractor asks
        // for while it still writes the second: the pages before it are committed, nothing of it or after it.
        // One athlete at a time, so that the fault's place in the run is the first athlete's third page.
        bed.Sandbox.Faults.ServerErrorBurst(1_000, after: 3);
        var stopped = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = 1 });

        Assert.False(stopped.Complete);
        Assert.All(stopped.Athletes, a => Assert.Equal(ExtractStatus.Stopped, a.Status));
        Assert.Contains("run again", stopped.Athletes[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2, stopped.Athletes[0].Pages);

        // Whole pages only: two pages of 200 were committed before Strava broke.
        Assert.Equal(400L, await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities"));
        Assert.False(await bed.ScalarAsync<bool>("SELECT complete FROM _engine.strava_extract_state LIMIT 1"));

        bed.Sandbox.Faults.Reset();
        bed.Sandbox.ClearRequests();
        var resumed = await bed.ExtractAsync(change: o => o with { MaxParallelAthletes = 1 });
        Assert.True(resumed.Complete);
        await bed.AssertStagingMatchesSandboxAsync();

        // The first athlete resumes below its committed pages instead of fetching them again.
        var first = bed.Sandbox.Requests.First(r => r.Path.EndsWith("/activities", StringComparison.Ordinal));
        Assert.Contains("before=", first.Query, StringComparison.Ordinal);
        Assert.Equal(0, resumed.Updated);
    }

    [Fact]
    public async Task Lowered_rate_limits_are_waited_out_without_a_single_429()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, Small with { ReadLimit15Min = 3 });
        var started = bed.Sandbox.Clock.GetUtcNow();
        var visible = bed.Expected().Select(a => a.Id).ToArray();
        var summary = await bed.ExtractAsync();

        Assert.True(summary.Complete, string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        Assert.True(bed.Sandbox.Clock.GetUtcNow() - started >= TimeSpan.FromMinutes(15), "the run should have waited for resets");
        await bed.AssertStagingHasEveryActivityAsync(visible);
    }

    [Fact]
    public async Task A_rate_limit_beyond_the_allowed_wait_stops_and_resumes_after_the_reset()
    {
        // Six requests per window: a run completes one athlete's history at most, then athletes take turns.
        await using var bed = await StravaTestBed.CreateAsync(postgres, Small with { ReadLimit15Min = 6 });
        var visible = bed.Expected().Select(a => a.Id).ToArray();
        var stopped = await bed.ExtractAsync(change: o => o with { MaxRateLimitWait = TimeSpan.FromMinutes(1) });

        Assert.False(stopped.Complete);
        // Athletes at once (the default) share the window: each in flight stops on its own when it is used up.
        var waiting = stopped.Athletes.Where(a => a.Status == ExtractStatus.Stopped).ToArray();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, a => Assert.Contains("rate limit", a.Reason, StringComparison.Ordinal));
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        var committed = await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities");
        Assert.InRange(committed, 200, bed.Expected().Count - 1);

        for (var run = 0; run < 10; run++)
        {
            bed.Sandbox.Clock.Advance(TimeSpan.FromMinutes(15));
            if ((await bed.ExtractAsync(change: o => o with { MaxRateLimitWait = TimeSpan.FromMinutes(1) })).Complete)
            {
                break;
            }
        }

        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        Assert.Equal(2L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_extract_state WHERE complete"));
        await bed.AssertStagingHasEveryActivityAsync(visible);
    }
}
