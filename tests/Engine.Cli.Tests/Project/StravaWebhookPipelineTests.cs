using Engine.Cli.Tests.Build;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// Webhook events through the whole pipeline on the repository's project: the webhook receiver and worker receive the
/// sandbox's deliveries over real HTTP and apply them to staging, then <c>engine run</c> (extract, sync, build) carries
/// them into the warehouse's CDC'd tables and the dwh models.
/// </summary>
public sealed class StravaWebhookPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    private const string VerifyToken = "verify-pipeline-91c2";

    [Fact]
    public async Task An_activity_deleted_through_a_webhook_leaves_staging_the_facts_and_the_monthly_snapshot()
    {
        await using var bed = await StravaPipelineBed.StartAsync(home, historyDays: 60);
        var first = bed.Run("run");
        Assert.True(first.ExitCode == 0, first.ToString());

        var athlete = bed.Sandbox.Data.Athletes[0].Id;
        var deleted = bed.Sandbox.Data.Visible(athlete, StravaPipelineBed.Start).First().Id;
        var month = await bed.ScalarAsync<DateOnly>("warehouse", $"select cast(date_trunc('month', started_at at time zone 'UTC') as date) from dwh.fact_activity where activity_id = {deleted}");
        var monthly = $"select total_activities from dwh.fact_monthly_activities_snapshot where athlete_id = {athlete} and month_start_date = '{month:yyyy-MM-dd}'";
        var countBefore = await bed.ScalarAsync<long>("warehouse", monthly);
        var factsBefore = await bed.ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity");

        await ListenAndDeleteAsync(bed, deleted);
        Assert.Equal(0L, await bed.ScalarAsync<long>("strava", $"select count(*) from public.activities where id = {deleted}"));

        var second = bed.Run("run");
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.True(await bed.ScalarAsync<bool>("warehouse", $"select _deleted from strava.activities where id = {deleted}"));
        Assert.Equal(0L, await bed.ScalarAsync<long>("warehouse", $"select count(*) from dwh.fact_activity where activity_id = {deleted}"));
        Assert.Equal(factsBefore - 1, await bed.ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity"));
        Assert.Equal(countBefore - 1, await bed.ScalarAsync<long>("warehouse", $"select coalesce(({monthly}), 0)"));
        Assert.Equal(
            await bed.ScalarAsync<long>("warehouse", "select count(*) from strava.activities where not _deleted"),
            await bed.ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity"));
    }

    /// <summary>
    /// The receiver <c>engine strava listen</c> composes and its worker, in this process: the sandbox deletes the
    /// activity and posts the event, the receiver queues it in staging and the worker applies it.
    /// </summary>
    private static async Task ListenAndDeleteAsync(StravaPipelineBed bed, long activity)
    {
        await using var listener = await bed.ListenAsync(VerifyToken);
        await using var extractor = await bed.ExtractorAsync();
        await bed.Sandbox.DeleteActivityAsync(activity);
        Assert.Equal(200, Assert.Single(bed.Sandbox.Webhooks.Deliveries).Status);
        var summary = await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal((1, 1), (summary.Events, summary.Deleted));
    }
}
