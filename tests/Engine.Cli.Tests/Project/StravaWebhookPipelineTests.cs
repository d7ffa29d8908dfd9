using System.Collections.Immutable;
using Engine.Cli.Tests.Build;
using Engine.Cli.Tests.Support;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Web.Serve;
using Npgsql;
using Strava.Sandbox;
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
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_activity_deleted_through_a_webhook_leaves_staging_the_facts_and_the_monthly_snapshot()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(Start),
            HistoryDays = 60,
            ReadLimit15Min = 10_000,
            ReadLimitDaily = 100_000,
            OverallLimit15Min = 10_000,
            OverallLimitDaily = 100_000,
        });
        using var project = new ProjectCopy();
        var environment = Environment(sandbox);
        var first = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(first.ExitCode == 0, first.ToString());

        var athlete = sandbox.Data.Athletes[0].Id;
        var deleted = sandbox.Data.Visible(athlete, Start).First().Id;
        var month = await ScalarAsync<DateOnly>("warehouse", $"select cast(date_trunc('month', started_at at time zone 'UTC') as date) from dwh.fact_activity where activity_id = {deleted}");
        var monthly = $"select total_activities from dwh.fact_monthly_activities_snapshot where athlete_id = {athlete} and month_start_date = '{month:yyyy-MM-dd}'";
        var countBefore = await ScalarAsync<long>("warehouse", monthly);
        var factsBefore = await ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity");

        await ListenAndDeleteAsync(sandbox, deleted);
        Assert.Equal(0L, await ScalarAsync<long>("strava", $"select count(*) from public.activities where id = {deleted}"));

        var second = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.True(await ScalarAsync<bool>("warehouse", $"select _deleted from strava.activities where id = {deleted}"));
        Assert.Equal(0L, await ScalarAsync<long>("warehouse", $"select count(*) from dwh.fact_activity where activity_id = {deleted}"));
        Assert.Equal(factsBefore - 1, await ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity"));
        Assert.Equal(countBefore - 1, await ScalarAsync<long>("warehouse", $"select coalesce(({monthly}), 0)"));
        Assert.Equal(
            await ScalarAsync<long>("warehouse", "select count(*) from strava.activities where not _deleted"),
            await ScalarAsync<long>("warehouse", "select count(*) from dwh.fact_activity"));
    }

    /// <summary>
    /// The receiver and worker <c>engine strava listen</c> composes, in this process on loopback: subscribed through the
    /// sandbox's push subscription API (which validates the callback over HTTP), the sandbox deletes the activity and
    /// posts the event, the receiver queues it in staging and the worker applies it.
    /// </summary>
    private async Task ListenAndDeleteAsync(SandboxServer sandbox, long activity)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        var staging = instance.ConnectionString("strava");
        var credentials = new StravaCredentials(sandbox.Options.ClientId, sandbox.Options.ClientSecret, sandbox.BaseAddress, ImmutableSortedDictionary<string, string?>.Empty);
        var receiver = new WebhookReceiver(staging, sandbox.Options.ClientId, VerifyToken);
        await receiver.EnsureQueueAsync(CancellationToken.None);
        await using var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
        var url = new Uri(app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path);
        using (var client = new PushSubscriptionClient(credentials))
        {
            var created = await client.CreateAsync(url, VerifyToken, CancellationToken.None);
            await using var connection = new NpgsqlConnection(staging);
            await connection.OpenAsync();
            await WebhookQueue.SaveSubscriptionAsync(connection, sandbox.Options.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
        }

        await using var extractor = new StravaExtractor(new StravaExtractorOptions(staging, credentials, new FileRefreshTokenStore(Path.Combine(home.Home, "strava", "tokens.json"))));
        await sandbox.DeleteActivityAsync(activity);
        Assert.Equal(200, Assert.Single(sandbox.Webhooks.Deliveries).Status);
        var summary = await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal((1, 1), (summary.Events, summary.Deleted));
    }

    private Dictionary<string, string> Environment(SandboxServer sandbox)
    {
        var environment = new Dictionary<string, string>(home.Environment)
        {
            ["STRAVA__BASE_URL"] = sandbox.BaseAddress.ToString(),
            ["STRAVA__CLIENT_ID"] = sandbox.Options.ClientId,
            ["STRAVA__CLIENT_SECRET"] = sandbox.Options.ClientSecret,
        };
        foreach (var athlete in sandbox.Data.Athletes)
        {
            environment[$"STRAVA__ATHLETES__{athlete.Name.ToUpperInvariant()}__REFRESH_TOKEN"] = athlete.InitialRefreshToken;
        }

        return environment;
    }

    private async Task<T> ScalarAsync<T>(string database, string sql)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
