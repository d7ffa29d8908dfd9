using Engine.Connectors.Strava;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

[Collection(PostgresCollection.Name)]
public sealed class ExtractTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_first_extract_gets_every_activity_of_both_athletes_with_the_fewest_requests()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        var summary = await bed.ExtractAsync();

        Assert.True(summary.Complete, string.Join("; ", summary.Athletes.Select(a => a.Reason)));
        await bed.AssertStagingMatchesSandboxAsync();
        var perAthlete = bed.Sandbox.Data.Athletes.Select(a => bed.Sandbox.Data.Visible(a.Id, StravaTestBed.Start).Count).ToArray();
        Assert.Equal(StravaTestBed.MinimumRequests(perAthlete), summary.Requests);
        Assert.Equal(summary.Requests, bed.Sandbox.Requests.Count);
        Assert.Equal(2L, await bed.ScalarAsync<long>("SELECT count(*) FROM public.athletes WHERE last_activity_date IS NOT NULL"));
        Assert.All(bed.Sandbox.Requests.Where(r => r.Path.EndsWith("/activities", StringComparison.Ordinal)), r => Assert.Contains("per_page=200", r.Query, StringComparison.Ordinal));
        Assert.Equal(summary.Activities, summary.Inserted);
    }

    [Fact]
    public async Task A_second_extract_with_nothing_new_fetches_only_the_lookback_window()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        bed.Sandbox.ClearRequests();
        var rowVersions = await bed.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin, ',' ORDER BY id) FROM public.athletes");

        var second = await bed.ExtractAsync();

        // Per athlete: the token and one short page of the lookback window; the profile is fresh (QuietDayTests).
        Assert.Equal(2 * bed.Sandbox.Data.Athletes.Count, bed.Sandbox.Requests.Count);
        Assert.Equal(0, second.Inserted);
        Assert.Equal(0, second.Updated);
        Assert.Contains(bed.Sandbox.Requests, r => r.Query.Contains("after=", StringComparison.Ordinal));
        await bed.AssertStagingMatchesSandboxAsync();

        // No row written again: CDC would pass an unchanged rewrite on as a change.
        Assert.Equal(rowVersions, await bed.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin, ',' ORDER BY id) FROM public.athletes"));
    }

    [Fact]
    public async Task Edits_new_activities_and_profile_changes_appear_after_an_incremental_run()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        var before = bed.Expected().Count;
        var from = bed.Sandbox.Clock.GetUtcNow();

        // An edit the test makes itself (a rename of the newest activity), plus the seeded kudos and renames of three days.
        var newest = bed.Expected().MaxBy(a => a.StartDate)!;
        bed.Sandbox.Data.Edit(new global::Strava.Sandbox.Data.ActivityEdit(from.AddHours(1), newest.Id) { Name = "Renamed after the fact" });
        bed.Sandbox.Clock.Advance(TimeSpan.FromDays(3));
        var edits = bed.Sandbox.Data.EditsBetween(from, bed.Sandbox.Clock.GetUtcNow());
        Assert.True(bed.Expected().Count > before, "the clock move should reveal new activities");
        Assert.True(edits.Count > 1);

        var summary = await bed.ExtractAsync();

        Assert.True(summary.Complete);
        Assert.True(summary.Updated > 0);
        Assert.Equal(bed.Expected().Count - before, summary.Inserted);
        await bed.AssertStagingMatchesSandboxAsync();
        Assert.Equal("Renamed after the fact", (await bed.StagedAsync())[newest.Id].Name);
    }

    [Fact]
    public async Task A_profile_change_updates_the_athlete_row()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        var athlete = bed.Sandbox.Data.Athletes[0];
        var change = bed.Sandbox.Data.ProfileTimeline(athlete.Id).Skip(1).First(v => v.From > StravaTestBed.Start.AddDays(-100));
        bed.Sandbox.Clock.Set(change.From.AddHours(-1));
        await bed.ExtractAsync(new ExtractRequest { Athlete = athlete.Name });
        bed.Sandbox.Clock.Set(change.From.AddHours(1));
        // A zero age fetches the profile on every run (by default it waits a week or an athlete event: QuietDayTests).
        await bed.ExtractAsync(new ExtractRequest { Athlete = athlete.Name }, o => o with { ProfileMaxAge = TimeSpan.Zero });

        Assert.Equal(change.Weight, await bed.ScalarAsync<double>($"SELECT weight FROM public.athletes WHERE id = {athlete.Id}"));
        Assert.Equal(change.City.Name, await bed.ScalarAsync<string>($"SELECT city FROM public.athletes WHERE id = {athlete.Id}"));
    }

    [Fact]
    public async Task Over_a_thousand_activities_paginate_without_loss_or_duplicates()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { Athletes = 1, HistoryDays = 100, ActivitiesPerAthlete = 1_150 });
        var summary = await bed.ExtractAsync();

        var expected = bed.Expected().Count;
        Assert.InRange(expected, 1_000, 1_300);
        Assert.Equal(expected, summary.Activities);
        Assert.Equal(StravaTestBed.MinimumRequests(expected), summary.Requests);
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task A_partition_extracts_only_its_days_and_a_full_refresh_restores_deleted_rows()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        var day = DateOnly.FromDateTime(StravaTestBed.Start.UtcDateTime).AddDays(-20);
        await bed.ExtractAsync(new ExtractRequest { From = day, To = day.AddDays(1) });

        var dayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var expected = bed.Expected().Count(a => a.StartDate.UtcDateTime >= dayStart && a.StartDate.UtcDateTime < dayStart.AddDays(2));
        Assert.Equal(expected, (int)await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities"));
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE start_date < '{dayStart:O}' OR start_date >= '{dayStart.AddDays(2):O}'"));

        await bed.ExtractAsync(new ExtractRequest { FullRefresh = true });
        await bed.AssertStagingMatchesSandboxAsync();
    }

    [Fact]
    public async Task A_second_extractor_is_turned_away_while_one_runs_and_welcome_after()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, new SandboxOptions { HistoryDays = 20 });
        await using (var running = await Connectors.Strava.Staging.StagingDatabase.OpenAsync(bed.ConnectionString, CancellationToken.None))
        {
            var busy = await Assert.ThrowsAsync<StravaExtractException>(() => bed.ExtractAsync());
            Assert.Equal(Core.Diagnostics.DiagnosticCodes.StravaExtractBusy, busy.Code);
        }

        // The lock went with the first one, though its connection idles in the pool: a new session gets it, and
        // holds it, so an extract started meanwhile is turned away again.
        await using (var other = await Connectors.Strava.Staging.StagingDatabase.OpenAsync(bed.ConnectionString + ";Pooling=false", CancellationToken.None))
        {
            var again = await Assert.ThrowsAsync<StravaExtractException>(() => bed.ExtractAsync());
            Assert.Equal(Core.Diagnostics.DiagnosticCodes.StravaExtractBusy, again.Code);
        }

        Assert.True((await bed.ExtractAsync()).Complete);
    }
}
