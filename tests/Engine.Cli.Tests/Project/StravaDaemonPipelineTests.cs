using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
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
/// Near-real-time on the repository's project: with <c>engine daemon</c> running and the webhook receiver and worker
/// listening, an edit, a deletion and a deauthorization on the sandbox each reach <c>dwh.fact_activity</c> with no
/// schedule firing: the worker's notification wakes the daemon, which syncs the waiting changes (erasing a deauthorized
/// athlete after CDC applies) and builds the eager models downstream.
/// </summary>
public sealed class StravaDaemonPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    private const string VerifyToken = "verify-daemon-3a9d";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_edit_a_deletion_and_a_deauthorization_posted_by_the_sandbox_reach_fact_activity_through_the_daemon_without_a_schedule()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(Start),
            HistoryDays = 30,
            ReadLimit15Min = 10_000,
            ReadLimitDaily = 100_000,
            OverallLimit15Min = 10_000,
            OverallLimitDaily = 100_000,
        });
        using var project = new ProjectCopy();
        var environment = Environment(sandbox);
        var first = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(first.ExitCode == 0, first.ToString());

        var instance = await home.Cluster.EnsureStartedAsync();
        var staging = instance.ConnectionString("strava");
        var warehouse = instance.ConnectionString("warehouse");
        var credentials = new StravaCredentials(sandbox.Options.ClientId, sandbox.Options.ClientSecret, sandbox.BaseAddress, ImmutableSortedDictionary<string, string?>.Empty);
        var receiver = new WebhookReceiver(staging, sandbox.Options.ClientId, VerifyToken);
        await receiver.EnsureQueueAsync(CancellationToken.None);
        await using var extractor = new StravaExtractor(new StravaExtractorOptions(staging, credentials, new FileRefreshTokenStore(Path.Combine(home.Home, "strava", "tokens.json"))));
        await using var worker = new WebhookWorker(extractor, _ => { });
        receiver.Enqueued += worker.Signal;
        worker.Start();
        await using var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
        using (var client = new PushSubscriptionClient(credentials))
        {
            var created = await client.CreateAsync(new Uri(app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path), VerifyToken, CancellationToken.None);
            await using var connection = new NpgsqlConnection(staging);
            await connection.OpenAsync();
            await WebhookQueue.SaveSubscriptionAsync(connection, sandbox.Options.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
        }

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var daemon = EngineProcess.Start(project.ProjectDir, environment, "daemon", "--project-dir", project.ProjectDir);
        daemon.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        daemon.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            var activities = sandbox.Data.Visible(sandbox.Data.Athletes[0].Id, Start).Select(a => a.Id).ToArray();
            var (edited, deleted) = (activities[0], activities[1]);
            await sandbox.RenameActivityAsync(edited, "Edited through a webhook");
            // The model cleans names (lower case, trimmed).
            var name = await WaitForAsync(warehouse, $"select activity_name from dwh.fact_activity where activity_id = {edited}", "edited through a webhook", daemon, output);
            Assert.Equal("edited through a webhook", name);

            Assert.Equal("1", await ScalarAsync(warehouse, $"select count(*)::text from dwh.fact_activity where activity_id = {deleted}"));
            await sandbox.DeleteActivityAsync(deleted);
            await WaitForAsync(warehouse, $"select count(*)::text from dwh.fact_activity where activity_id = {deleted}", "0", daemon, output);

            var leaving = sandbox.Data.Athletes[1].Id;
            Assert.NotEqual("0", await ScalarAsync(warehouse, $"select count(*)::text from dwh.fact_activity where athlete_id = {leaving}"));
            await sandbox.DeauthorizeAsync(leaving);
            await WaitForAsync(warehouse, $"select count(*)::text from dwh.fact_activity where athlete_id = {leaving}", "0", daemon, output);
            Assert.Equal("0", await ScalarAsync(warehouse, $"select count(*)::text from strava.activities_changes where athlete_id = {leaving}"));
            Assert.NotEqual("0", await ScalarAsync(warehouse, $"select count(*)::text from _engine.strava_erasures where athlete_id = {leaving}"));
            Assert.NotEqual("0", await ScalarAsync(warehouse, $"select count(*)::text from dwh.fact_activity where athlete_id = {sandbox.Data.Athletes[0].Id}"));

            await using var connection = new NpgsqlConnection(warehouse);
            await connection.OpenAsync();
            await using var triggers = new NpgsqlCommand("select string_agg(distinct trigger, ',' order by trigger) from _engine.runs where command = 'daemon'", connection);
            Assert.Equal("automation", await triggers.ExecuteScalarAsync());
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            if (!daemon.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                daemon.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<string?> WaitForAsync(string connectionString, string sql, string expected, Process daemon, IEnumerable<string> output)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        string? value = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            value = await command.ExecuteScalarAsync() as string;
            if (value == expected || daemon.HasExited)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(value == expected, $"{sql} gives '{value}', not '{expected}'; the daemon said:\n{string.Join("\n", output)}");
        return value;
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
}
