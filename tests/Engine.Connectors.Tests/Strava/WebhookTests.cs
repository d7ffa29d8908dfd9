using System.Net;
using System.Text;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Web.Serve;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>
/// Strava's webhooks end to end over real HTTP: the sandbox's push subscription API validates the receiver's callback
/// and posts events for its edits, deletes and a deauthorization; the receiver queues them in staging; the applier
/// fetches what they name from the sandbox.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookTests(PostgresFixture postgres)
{
    private const string VerifyToken = "verify-me-7f3a";

    [Fact]
    public async Task An_edit_a_delete_and_a_deauthorization_reach_staging_through_webhooks()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        await using var hook = await Receiver.StartAsync(bed);
        var athletes = bed.Sandbox.Data.Athletes;
        var renamed = bed.Expected().First(a => a.AthleteId == athletes[0].Id).Id;
        var deleted = bed.Expected().Where(a => a.AthleteId == athletes[0].Id).Skip(1).First().Id;

        await bed.Sandbox.RenameActivityAsync(renamed, "Renamed on Strava");
        await bed.Sandbox.DeleteActivityAsync(deleted);
        Assert.Equal(2L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_webhook_events WHERE applied_at IS NULL"));
        Assert.All(bed.Sandbox.Webhooks.Deliveries, d => Assert.Equal(200, d.Status));

        bed.Sandbox.ClearRequests();
        var summary = await hook.Extractor.ApplyWebhookEventsAsync(CancellationToken.None);

        Assert.Equal((2, 1, 1), (summary.Events, summary.Upserted, summary.Deleted));
        Assert.Equal("Renamed on Strava", await bed.ScalarAsync<string>($"SELECT name FROM public.activities WHERE id = {renamed}"));
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE id = {deleted}"));
        // One token refresh and one GET of the named activity: the event's content is never written.
        Assert.Equal(["/oauth/token", $"/api/v3/activities/{renamed}"], bed.Sandbox.Requests.Select(r => r.Path));

        await bed.Sandbox.DeauthorizeAsync(athletes[0].Id);
        await hook.Extractor.ApplyWebhookEventsAsync(CancellationToken.None);

        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE athlete_id = {athletes[0].Id}"));
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.athletes WHERE id = {athletes[0].Id}"));
        Assert.True(await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE athlete_id = {athletes[1].Id}") > 0);
        Assert.Null(await bed.Tokens.GetAsync(bed.Sandbox.Options.ClientId, athletes[0].Name, CancellationToken.None));
        Assert.Equal("deauthorized", await bed.ScalarAsync<string>($"SELECT action FROM _engine.strava_audit WHERE athlete_id = {athletes[0].Id}"));

        // The next extract leaves the athlete out instead of failing on revoked tokens.
        var next = await bed.ExtractAsync();
        Assert.Equal([athletes[1].Name], next.Athletes.Select(a => a.Athlete));
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE athlete_id = {athletes[0].Id}"));
    }

    [Fact]
    public async Task Duplicated_and_reordered_deliveries_leave_the_current_state()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        await using var hook = await Receiver.StartAsync(bed);
        var id = bed.Expected()[0].Id;
        bed.Sandbox.Webhooks.Faults.Duplicates = 2;
        bed.Sandbox.Webhooks.Faults.Reorder = true;

        await bed.Sandbox.RenameActivityAsync(id, "First");
        bed.Sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
        await bed.Sandbox.RenameActivityAsync(id, "Second");

        Assert.Equal(6, bed.Sandbox.Webhooks.Deliveries.Count);
        Assert.Equal(2L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_webhook_events"));
        await hook.Extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal("Second", await bed.ScalarAsync<string>($"SELECT name FROM public.activities WHERE id = {id}"));

        // A late delivery of the first event, after both were applied, changes nothing.
        bed.Sandbox.Webhooks.Faults.Duplicates = 0;
        await PostAsync(hook.Url, await bed.ScalarAsync<long>("SELECT subscription_id FROM _engine.strava_push_subscription"), id, bed.Expected()[0].AthleteId, eventTime: StravaTestBed.Start.ToUnixTimeSeconds() - 60);
        await hook.Extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal("Second", await bed.ScalarAsync<string>($"SELECT name FROM public.activities WHERE id = {id}"));
    }

    [Fact]
    public async Task Events_acknowledged_by_a_receiver_that_stops_before_applying_them_are_applied_after_a_restart()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        var id = bed.Expected()[0].Id;
        await using (var hook = await Receiver.StartAsync(bed))
        {
            await bed.Sandbox.DeleteActivityAsync(id);
            Assert.Equal(200, bed.Sandbox.Webhooks.Deliveries.Single().Status);
        }

        // Nothing of the first receiver survives but the staging database.
        await using var restarted = new StravaExtractor(bed.Options());
        var summary = await restarted.ApplyWebhookEventsAsync(CancellationToken.None);

        Assert.Equal(1, summary.Deleted);
        Assert.Equal(0L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE id = {id}"));
    }

    [Fact]
    public async Task The_receiver_trusts_nothing_it_is_posted()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        await using var hook = await Receiver.StartAsync(bed);
        var subscription = await bed.ScalarAsync<long>("SELECT subscription_id FROM _engine.strava_push_subscription");
        var activity = bed.Expected()[0];
        using var http = new HttpClient();

        // Validation needs the configured verify token.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"{hook.Url}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=x")).StatusCode);
        Assert.Equal("{\"hub.challenge\":\"abc\"}", await http.GetStringAsync($"{hook.Url}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=abc"));

        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(hook.Url, subscription + 1, activity.Id, activity.AthleteId));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(hook.Url, new StringContent("{\"object_type\":\"gear\"}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(hook.Url, new StringContent(new string(' ', 10_000), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_webhook_events"));

        // An event for an activity that is not the owner's is fetched with the owner's token and found to be absent.
        var other = bed.Expected().First(a => a.AthleteId != activity.AthleteId);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(hook.Url, subscription, other.Id, activity.AthleteId));
        await hook.Extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal(1L, await bed.ScalarAsync<long>($"SELECT count(*) FROM public.activities WHERE id = {other.Id}"));
    }

    [Fact]
    public async Task A_subscription_is_refused_when_the_callback_does_not_answer_the_challenge()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await using var hook = await Receiver.StartAsync(bed, subscribe: false);
        using var client = new PushSubscriptionClient(bed.Options().Credentials);

        var refused = await Assert.ThrowsAsync<StravaExtractException>(() => client.CreateAsync(new Uri(hook.Url), "not-the-configured-token", CancellationToken.None));

        Assert.Equal(400, refused.HttpStatus);
        Assert.DoesNotContain(bed.Sandbox.Options.ClientSecret, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await client.ListAsync(CancellationToken.None));
        var created = await client.CreateAsync(new Uri(hook.Url), VerifyToken, CancellationToken.None);
        Assert.Equal(created.Id, Assert.Single(await client.ListAsync(CancellationToken.None)).Id);
        await client.DeleteAsync(created.Id, CancellationToken.None);
        Assert.Empty(await client.ListAsync(CancellationToken.None));
    }

    private static async Task<HttpStatusCode> PostAsync(string url, long subscription, long activity, long owner, long? eventTime = null)
    {
        using var http = new HttpClient();
        var body = $$$"""{"aspect_type":"update","event_time":{{{eventTime ?? StravaTestBed.Start.ToUnixTimeSeconds()}}},"object_id":{{{activity}}},"object_type":"activity","owner_id":{{{owner}}},"subscription_id":{{{subscription}}},"updates":{"title":"Posted title"}}""";
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    /// <summary>A receiver on loopback, subscribed through the sandbox's push subscription API (which validates it).</summary>
    private sealed class Receiver(WebApplication app, StravaExtractor extractor, string url) : IAsyncDisposable
    {
        public StravaExtractor Extractor { get; } = extractor;

        public string Url { get; } = url;

        public static async Task<Receiver> StartAsync(StravaTestBed bed, bool subscribe = true)
        {
            var extractor = new StravaExtractor(bed.Options());
            var receiver = new WebhookReceiver(bed.ConnectionString, bed.Sandbox.Options.ClientId, VerifyToken);
            await receiver.EnsureQueueAsync(CancellationToken.None);
            var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
            var url = app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path;
            if (subscribe)
            {
                using var client = new PushSubscriptionClient(bed.Options().Credentials);
                var created = await client.CreateAsync(new Uri(url), VerifyToken, CancellationToken.None);
                await using var connection = new NpgsqlConnection(bed.ConnectionString);
                await connection.OpenAsync();
                await WebhookQueue.SaveSubscriptionAsync(connection, bed.Sandbox.Options.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
            }

            return new Receiver(app, extractor, url);
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await Extractor.DisposeAsync();
        }
    }
}
