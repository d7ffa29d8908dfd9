using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Npgsql;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// What a run costs against the application's read limit once the history is in: one short page per athlete, the
/// profile only when it is older than the declared age or an athlete event marked it changed. Counted by the sandbox,
/// which answers every request over real HTTP and counts API reads the way Strava's rate limiter does.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QuietDayTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_quiet_day_costs_one_read_per_athlete_and_the_extract_stays_complete()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        var athletes = bed.Sandbox.Data.Athletes.Count;

        bed.Sandbox.ClearRequests();
        var quiet = await bed.ExtractAsync();

        Assert.True(quiet.Complete);
        var reads = ApiReads(bed);
        Assert.Equal(athletes, reads.Count);
        Assert.All(reads, r => Assert.Equal("/api/v3/athlete/activities", r.Path));
        Assert.Equal(athletes, quiet.Reads);
        Assert.All(quiet.Athletes, a => Assert.Equal(1, a.Reads));
        // The token refresh is the other request: outside the API, not counted against the limit.
        Assert.Equal(athletes, bed.Sandbox.Requests.Count(r => r.Path == "/oauth/token"));
        await bed.AssertStagingMatchesSandboxAsync();

        // A day with new activities and edits (fewer than a page) still costs one read each, and misses nothing.
        bed.Sandbox.Clock.Advance(TimeSpan.FromDays(1));
        Assert.NotEmpty(bed.Sandbox.Data.EditsBetween(StravaTestBed.Start, bed.Sandbox.Clock.GetUtcNow()));
        bed.Sandbox.ClearRequests();
        var next = await bed.ExtractAsync();
        Assert.Equal(athletes, ApiReads(bed).Count);
        Assert.True(next.Inserted > 0);
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task A_profile_older_than_the_declared_age_is_fetched_again_and_a_younger_one_is_kept()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        var athlete = bed.Sandbox.Data.Athletes[0];
        var change = bed.Sandbox.Data.ProfileTimeline(athlete.Id).Skip(1).First(v => v.From > StravaTestBed.Start.AddDays(-100));
        bed.Sandbox.Clock.Set(change.From.AddHours(-1));
        await bed.ExtractAsync();
        var before = await bed.ScalarAsync<double>($"SELECT weight FROM public.athletes WHERE id = {athlete.Id}");
        Assert.NotEqual(change.Weight, before);
        bed.Sandbox.Clock.Set(change.From.AddHours(1));

        // Younger than the age: the stored profile is kept, though Strava's changed.
        bed.Sandbox.ClearRequests();
        await bed.ExtractAsync(change: o => o with { ProfileMaxAge = TimeSpan.FromDays(2) });
        Assert.DoesNotContain(bed.Sandbox.Requests, r => r.Path == "/api/v3/athlete");
        Assert.Equal(before, await bed.ScalarAsync<double>($"SELECT weight FROM public.athletes WHERE id = {athlete.Id}"));

        // Three days later on the staging server's clock, which judges the age: fetched again, for that athlete only.
        await bed.ScalarAsync<int>($"UPDATE _engine.strava_profile_state SET fetched_at = fetched_at - interval '3 days' WHERE athlete_id = {athlete.Id} RETURNING 1");
        bed.Sandbox.ClearRequests();
        var summary = await bed.ExtractAsync(change: o => o with { ProfileMaxAge = TimeSpan.FromDays(2) });
        Assert.Single(bed.Sandbox.Requests, r => r.Path == "/api/v3/athlete");
        Assert.Equal(2, summary.Athletes.Single(a => a.AthleteId == athlete.Id).Reads);
        Assert.Equal(change.Weight, await bed.ScalarAsync<double>($"SELECT weight FROM public.athletes WHERE id = {athlete.Id}"));
        Assert.Equal(change.City.Name, await bed.ScalarAsync<string>($"SELECT city FROM public.athletes WHERE id = {athlete.Id}"));
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task An_athlete_event_marks_the_profile_changed_and_only_that_profile_is_fetched_next()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        var (athlete, other) = (bed.Sandbox.Data.Athletes[1], bed.Sandbox.Data.Athletes[0]);
        var now = bed.Sandbox.Clock.GetUtcNow().ToUnixTimeSeconds();
        await using (var connection = new NpgsqlConnection(bed.ConnectionString))
        {
            await connection.OpenAsync();
            await WebhookQueue.EnqueueAsync(connection, new WebhookEvent("athlete", athlete.Id, "update", athlete.Id, 1, now, """{"weight":"70"}"""), CancellationToken.None);
            // An event naming an athlete of no one here changes nothing.
            await WebhookQueue.EnqueueAsync(connection, new WebhookEvent("athlete", 999, "update", 999, 1, now, "{}"), CancellationToken.None);
        }

        await using (var extractor = new StravaExtractor(bed.Options()))
        {
            await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        }

        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_profile_state WHERE athlete_id = 999"));
        bed.Sandbox.ClearRequests();
        var summary = await bed.ExtractAsync();
        Assert.Single(bed.Sandbox.Requests, r => r.Path == "/api/v3/athlete");
        Assert.Equal(2, summary.Athletes.Single(a => a.AthleteId == athlete.Id).Reads);
        Assert.Equal(1, summary.Athletes.Single(a => a.AthleteId == other.Id).Reads);

        // Fetched once: the mark is cleared.
        bed.Sandbox.ClearRequests();
        await bed.ExtractAsync();
        Assert.DoesNotContain(bed.Sandbox.Requests, r => r.Path == "/api/v3/athlete");
    }

    private static List<SandboxRequest> ApiReads(StravaTestBed bed) =>
        [.. bed.Sandbox.Requests.Where(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal))];
}
