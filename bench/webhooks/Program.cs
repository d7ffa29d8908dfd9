using System.Diagnostics;
using System.Globalization;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Web.Serve;
using Npgsql;
using Strava.Sandbox;

// bench/webhooks: the delay from an edit on the sandbox to the renamed row in staging, through the webhook path
// (the sandbox posts the event over HTTP, the receiver queues it, the worker fetches the activity and upserts it),
// against the polling path measured in the same run: an incremental extract (token, profile, lookback pages) started
// right after the edit. Median of N edits (default 20).
// `daemon [N]`: the delay to the fact_activity row through engine daemon's eager automation instead (DaemonCase.cs).
if (args is ["daemon", ..])
{
    await DaemonCase.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    return;
}

var edits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
await using var temporary = new TemporaryCluster();
var instance = await temporary.Cluster.EnsureStartedAsync();
await instance.EnsureDatabaseAsync("bench_webhooks");
var staging = instance.ConnectionString("bench_webhooks");
await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { HistoryDays = 120, FutureDays = 0 });
var options = new StravaExtractorOptions(staging, Engine.Cli.Composition.StravaSandboxStandIn.Credentials(sandbox), new MemoryRefreshTokenStore());
await using var extractor = new StravaExtractor(options);
await extractor.RunAsync(new ExtractRequest(), null, CancellationToken.None);

const string VerifyToken = "bench-verify-token";
var receiver = new WebhookReceiver(staging, options.Credentials.ClientId, VerifyToken);
await receiver.EnsureQueueAsync(CancellationToken.None);
await using var worker = new WebhookWorker(extractor, _ => { });
receiver.Enqueued += worker.Signal;
worker.Start();
await using var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
using (var client = new PushSubscriptionClient(options.Credentials))
{
    var created = await client.CreateAsync(new Uri(app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path), VerifyToken, CancellationToken.None);
    await using var connection = new NpgsqlConnection(staging);
    await connection.OpenAsync();
    await WebhookQueue.SaveSubscriptionAsync(connection, options.Credentials.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
}

var activities = sandbox.Data.Visible(sandbox.Data.Athletes[0].Id, sandbox.Clock.GetUtcNow());
var viaWebhook = new List<double>();
var viaPolling = new List<double>();
for (var i = 0; i < edits; i++)
{
    var id = activities[i % 5].Id;
    var clock = Stopwatch.StartNew();
    await sandbox.RenameActivityAsync(id, $"webhook edit {i}");
    await WaitForNameAsync(staging, id, $"webhook edit {i}");
    viaWebhook.Add(clock.Elapsed.TotalMilliseconds);

    receiver.Enqueued -= worker.Signal;
    clock.Restart();
    sandbox.Data.Edit(new Strava.Sandbox.Data.ActivityEdit(sandbox.Clock.GetUtcNow(), id) { Name = $"polled edit {i}" });
    while (true)
    {
        try
        {
            await extractor.RunAsync(new ExtractRequest(), null, CancellationToken.None);
            break;
        }
        catch (StravaExtractException)
        {
            // The worker still holds the staging lock for the last webhook event: the extract waits for it, as a scheduled one would.
            await Task.Delay(5);
        }
    }

    await WaitForNameAsync(staging, id, $"polled edit {i}");
    viaPolling.Add(clock.Elapsed.TotalMilliseconds);
    receiver.Enqueued += worker.Signal;
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine($"edit -> staged row, webhook path: median {Median(viaWebhook):F0} ms (min {viaWebhook.Min():F0}, max {viaWebhook.Max():F0}) over {edits} edits");
Console.WriteLine($"edit -> staged row, incremental extract started at the edit (baseline): median {Median(viaPolling):F0} ms");
Console.WriteLine($"ratio webhook / extract: {Median(viaWebhook) / Median(viaPolling):F2}");

static async Task WaitForNameAsync(string connectionString, long id, string name)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        await using var command = new NpgsqlCommand($"SELECT name FROM public.activities WHERE id = {id}", connection);
        if (await command.ExecuteScalarAsync() as string == name)
        {
            return;
        }

        await Task.Delay(5);
    }

    throw new TimeoutException($"activity {id} never got the name '{name}'");
}
