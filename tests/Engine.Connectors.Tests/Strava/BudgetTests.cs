using Engine.Connectors.Strava;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// A short rate-limit budget, on a sandbox with small limits: athletes are served least recently first across windows,
/// and the summary says how many athletes the remaining daily budget covers.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BudgetTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_athlete_whose_first_load_outlasts_a_window_takes_turns_with_the_others()
    {
        // Five reads per 15 minutes and 12 reads per athlete's history: no run completes anyone.
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { HistoryDays = 60, ActivitiesPerAthlete = 2_000, ReadLimit15Min = 5 });
        var visible = bed.Expected().Select(a => a.Id).ToArray();
        var first = await bed.ExtractAsync(change: ShortWait);
        Assert.Equal("alice", Served(first)[0]);
        Assert.Single(Served(first));

        // The next window goes to the athlete the first one left waiting, then back: alternating, never starving one.
        var turns = new List<string>();
        for (var run = 0; run < 12; run++)
        {
            bed.Sandbox.Clock.Advance(TimeSpan.FromMinutes(15));
            var summary = await bed.ExtractAsync(change: ShortWait);
            turns.Add(Served(summary)[0]);
            if (summary.Complete)
            {
                break;
            }
        }

        Assert.Equal(["bruno", "alice", "bruno", "alice"], turns.Take(4));
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        await bed.AssertStagingHasEveryActivityAsync(visible);
    }

    [Fact]
    public async Task The_summary_says_how_many_athletes_the_remaining_daily_budget_covers_and_the_next_day_starts_with_those_left_out()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 4, HistoryDays = 30, ReadLimitDaily = 18 });

        // A first load: profile, one page, the empty page = 3 reads each; 18 - 12 = 6 left, 2 athletes' worth.
        var load = await bed.ExtractAsync(change: ShortWait);
        Assert.Equal((12, (int?)6, (int?)2), (load.Reads, load.RemainingDaily, load.AthletesCoveredByRemainingDaily));
        Assert.Contains("enough for 2 more athletes at this run's 3 reads per athlete", load.DailyBudgetNote, StringComparison.Ordinal);

        // A quiet run: one read each; 2 left, 2 athletes' worth.
        var quiet = await bed.ExtractAsync(change: ShortWait);
        Assert.Equal((4, (int?)2, (int?)2), (quiet.Reads, quiet.RemainingDaily, quiet.AthletesCoveredByRemainingDaily));

        // The budget runs out after two athletes; the others wait for tomorrow without a request spent on them.
        var shortDay = await bed.ExtractAsync(change: ShortWait);
        Assert.Equal(["alice", "bruno"], Served(shortDay));
        Assert.Equal(((int?)0, (int?)0), (shortDay.RemainingDaily, shortDay.AthletesCoveredByRemainingDaily));
        Assert.All(shortDay.Athletes.Skip(2), a => Assert.Equal((ExtractStatus.Stopped, 0), (a.Status, a.Reads)));
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);

        var tomorrow = bed.Sandbox.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddMinutes(1);
        bed.Sandbox.Clock.Set(new DateTimeOffset(tomorrow, TimeSpan.Zero));
        var next = await bed.ExtractAsync(change: ShortWait);
        Assert.True(next.Complete);
        Assert.Equal(["chen", "dana", "alice", "bruno"], Served(next));
        await bed.AssertStagingMatchesSandboxAsync();
    }

    /// <summary>
    /// One athlete at a time: these tests pin down which athletes a short budget serves, which is the fair order
    /// exactly only when athletes do not share it at once (at once, those in flight split what is left; see
    /// ConcurrentAthletesTests).
    /// </summary>
    private static StravaExtractorOptions ShortWait(StravaExtractorOptions options) =>
        options with { MaxRateLimitWait = TimeSpan.FromMinutes(1), MaxParallelAthletes = 1 };

    private static string[] Served(ExtractSummary summary) => [.. summary.Athletes.Where(a => a.Reads > 0).Select(a => a.Athlete)];
}
