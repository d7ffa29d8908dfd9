using System.Diagnostics;
using System.Globalization;
using Engine.Cli.Tests.Build;
using Engine.Connectors.Strava.Webhooks;
using Npgsql;
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

    [Fact]
    public async Task An_edit_a_deletion_and_a_deauthorization_posted_by_the_sandbox_reach_fact_activity_through_the_daemon_without_a_schedule()
    {
        await using var bed = await StravaPipelineBed.StartAsync(home, historyDays: 30);
        var sandbox = bed.Sandbox;
        var first = bed.Run("run");
        Assert.True(first.ExitCode == 0, first.ToString());

        var warehouse = await bed.ConnectionStringAsync("warehouse");
        await using var extractor = await bed.ExtractorAsync();
        await using var worker = new WebhookWorker(extractor, _ => { });
        // Declared after the worker, so the server stops before the worker it signals does.
        await using var listener = await bed.ListenAsync(VerifyToken);
        listener.Receiver.Enqueued += worker.Signal;
        worker.Start();

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var daemon = bed.StartProcess("daemon");
        daemon.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        daemon.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            var activities = sandbox.Data.Visible(sandbox.Data.Athletes[0].Id, StravaPipelineBed.Start).Select(a => a.Id).ToArray();
            var (edited, deleted) = (activities[0], activities[1]);
            await sandbox.RenameActivityAsync(edited, "Edited through a webhook");
            // The model cleans names (lower case, trimmed).
            var name = await WaitForAsync(warehouse, $"select activity_name from dwh.fact_activity where activity_id = {edited}", "edited through a webhook", daemon, output);
            Assert.Equal("edited through a webhook", name);

            Assert.Equal("1", await bed.ScalarAsync<string>("warehouse", $"select count(*)::text from dwh.fact_activity where activity_id = {deleted}"));
            await sandbox.DeleteActivityAsync(deleted);
            await WaitForAsync(warehouse, $"select count(*)::text from dwh.fact_activity where activity_id = {deleted}", "0", daemon, output);

            var leaving = sandbox.Data.Athletes[1].Id;
            Assert.NotEqual("0", await bed.ScalarAsync<string>("warehouse", $"select count(*)::text from dwh.fact_activity where athlete_id = {leaving}"));
            await sandbox.DeauthorizeAsync(leaving);
            await WaitForAsync(warehouse, $"select count(*)::text from dwh.fact_activity where athlete_id = {leaving}", "0", daemon, output);
            Assert.Equal("0", await bed.ScalarAsync<string>("warehouse", $"select count(*)::text from strava.activities_changes where athlete_id = {leaving}"));
            Assert.NotEqual("0", await bed.ScalarAsync<string>("warehouse", $"select count(*)::text from _engine.strava_erasures where athlete_id = {leaving}"));
            Assert.NotEqual("0", await bed.ScalarAsync<string>("warehouse", $"select count(*)::text from dwh.fact_activity where athlete_id = {sandbox.Data.Athletes[0].Id}"));

            Assert.Equal("automation", await bed.ScalarAsync<string>("warehouse", "select string_agg(distinct trigger, ',' order by trigger) from _engine.runs where command = 'daemon'"));
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
                await daemon.WaitForExitAsync();
            }
        }
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
}
