using Engine.Connectors.Strava;
using Engine.TestSupport;
using Strava.Sandbox;
using Strava.Sandbox.Data;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// Reconciliation against the sandbox over real HTTP: a deletion and an edit older than the lookback, made while no
/// webhook receiver listens, reach staging through the periodic full listing; the listing respects the rate limit and
/// resumes from its checkpoint.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReconcileTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_deletion_and_an_old_edit_missed_by_the_webhooks_reach_staging_through_reconciliation()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        // A first load lists the whole history into an empty staging: it counts as the first reconciliation.
        var first = await bed.ExtractAsync(change: Weekly);
        Assert.All(first.Athletes, a => Assert.Null(a.Reconcile));
        Assert.Equal(2L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_reconcile_state WHERE complete"));

        // The receiver is down (no subscription): the sandbox's changes reach nobody.
        var athlete = bed.Sandbox.Data.Athletes[0];
        var now = bed.Sandbox.Clock.GetUtcNow();
        var old = bed.Expected().Where(a => a.AthleteId == athlete.Id && a.StartDate < now.AddDays(-30)).ToArray();
        var (deleted, edited) = (old[0].Id, old[1].Id);
        bed.Sandbox.Data.Delete(deleted);
        bed.Sandbox.Data.Edit(new ActivityEdit(now, edited) { Name = "Corrected a month later" });

        // Within the period, daily runs poll the lookback only: both stay wrong.
        var daily = await bed.ExtractAsync(change: Weekly);
        Assert.All(daily.Athletes, a => Assert.Null(a.Reconcile));
        Assert.Equal(1L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE id = {deleted}"));

        // A week later (on the staging server's clock, which judges the period) the listing is due again.
        await bed.ScalarAsync<int>("UPDATE _engine.strava_reconcile_state SET completed_at = completed_at - interval '8 days' RETURNING 1");
        bed.Sandbox.ClearRequests();
        var summary = await bed.ExtractAsync(change: Weekly);

        var result = summary.Athletes.Single(a => a.AthleteId == athlete.Id).Reconcile!;
        Assert.Equal((true, 1, 1, 0), (result.Complete, result.Deleted, result.Updated, result.Inserted));
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE id = {deleted}"));
        Assert.Equal("Corrected a month later", (await bed.StagedAsync())[edited].Name);
        await bed.AssertStagingMatchesSandboxAsync();

        // Cheap: summaries only, pages of 200 to an empty page, so ceil(n / 200) + 1 reads per athlete.
        var listed = bed.Sandbox.Data.Visible(athlete.Id, now).Count;
        Assert.Equal(((listed + 199) / 200) + 1, result.Reads);
        Assert.DoesNotContain(bed.Sandbox.Requests, r => r.Path.StartsWith("/api/v3/activities/", StringComparison.Ordinal));
        Assert.All(bed.Sandbox.Requests.Where(r => r.Path == "/api/v3/athlete/activities"), r => Assert.Contains("per_page=200", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listing_stopped_by_the_rate_limit_resumes_from_its_checkpoint()
    {
        // Four reads per 15 minutes, one athlete of 500 activities: the listing takes two windows.
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 1, HistoryDays = 60, ActivitiesPerAthlete = 500, ReadLimit15Min = 4 });
        await bed.ExtractAsync(change: Weekly);
        bed.Sandbox.Clock.Advance(TimeSpan.FromMinutes(15));
        var second = await bed.ExtractAsync(change: Weekly);
        Assert.True(second.Complete, "a stopped reconciliation leaves the extract complete");
        var stopped = second.Athletes[0].Reconcile!;
        Assert.Equal((false, 2), (stopped.Complete, stopped.Pages));
        Assert.Contains("rate limit", stopped.Reason, StringComparison.Ordinal);

        // Gone from the part the listing has not reached yet: the two oldest.
        var oldest = bed.Expected().TakeLast(2).ToArray();
        bed.Sandbox.Data.Delete(oldest[1].Id);
        bed.Sandbox.Data.Edit(new ActivityEdit(bed.Sandbox.Clock.GetUtcNow(), oldest[0].Id) { Name = "Renamed while the listing waited" });

        bed.Sandbox.Clock.Advance(TimeSpan.FromMinutes(15));
        bed.Sandbox.ClearRequests();
        var third = await bed.ExtractAsync(change: Weekly);

        var resumed = third.Athletes[0].Reconcile!;
        Assert.Equal((true, 2, 1, 1), (resumed.Complete, resumed.Pages, resumed.Deleted, resumed.Updated));
        // Its first request continues below the last committed page instead of listing from the top again.
        var listings = bed.Sandbox.Requests.Where(r => r.Path == "/api/v3/athlete/activities" && !r.Query.Contains("after=", StringComparison.Ordinal)).ToArray();
        Assert.All(listings, r => Assert.Contains("before=", r.Query, StringComparison.Ordinal));
        Assert.Equal(0, bed.Sandbox.RateLimits.Rejected);
        await bed.AssertStagingMatchesSandboxAsync();
    }

    private static StravaExtractorOptions Weekly(StravaExtractorOptions options) =>
        options with { ReconcileEvery = TimeSpan.FromDays(7), MaxRateLimitWait = TimeSpan.FromMinutes(1) };
}
