using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Engine.Web.Serve;
using Npgsql;
using Strava.Sandbox;

/// <summary>
/// <c>daemon</c> case: the delay from an edit on the sandbox to the updated <c>dwh.fact_activity</c> row through
/// <c>engine daemon</c>'s eager automation (no schedule fires), on a copy of the repository's project with its own
/// managed cluster. The receiver and worker run in this process, as <c>engine strava listen</c> composes them; the
/// daemon runs as its own process. Baseline in the same run: the same edits' delay to the staged row.
/// </summary>
internal static class DaemonCase
{
    private const string VerifyToken = "bench-daemon-verify-token";

    public static async Task RunAsync(int edits)
    {
        var home = Path.Combine(Path.GetTempPath(), "bench-webhooks-daemon-" + Guid.NewGuid().ToString("N"));
        var projectDir = Path.Combine(home, "project");
        Copy(RepositoryPaths.Project, projectDir);
        var cluster = new LocalPostgresCluster(Path.Combine(home, "postgres"));
        Process? daemon = null;
        try
        {
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            {
                HistoryDays = 60,
                FutureDays = 0,
                ReadLimit15Min = 100_000,
                ReadLimitDaily = 1_000_000,
                OverallLimit15Min = 100_000,
                OverallLimitDaily = 1_000_000,
            });
            var environment = new Dictionary<string, string>
            {
                ["ENGINE_HOME"] = home,
                ["STRAVA__BASE_URL"] = sandbox.BaseAddress.ToString(),
                ["STRAVA__CLIENT_ID"] = sandbox.Options.ClientId,
                ["STRAVA__CLIENT_SECRET"] = sandbox.Options.ClientSecret,
            };
            foreach (var athlete in sandbox.Data.Athletes)
            {
                environment[$"STRAVA__ATHLETES__{athlete.Name.ToUpperInvariant()}__REFRESH_TOKEN"] = athlete.InitialRefreshToken;
            }

            using (var run = Start(projectDir, environment, "run", "--project-dir", projectDir))
            {
                var output = run.StandardOutput.ReadToEndAsync();
                var errors = run.StandardError.ReadToEndAsync();
                await run.WaitForExitAsync();
                if (run.ExitCode != 0)
                {
                    throw new InvalidOperationException($"engine run failed:\n{await output}\n{await errors}");
                }
            }

            var instance = await cluster.EnsureStartedAsync();
            var staging = instance.ConnectionString("strava");
            var warehouse = instance.ConnectionString("warehouse");
            var credentials = new StravaCredentials(sandbox.Options.ClientId, sandbox.Options.ClientSecret, sandbox.BaseAddress, ImmutableSortedDictionary<string, string?>.Empty);
            var receiver = new WebhookReceiver(staging, sandbox.Options.ClientId, VerifyToken);
            await receiver.EnsureQueueAsync(CancellationToken.None);
            await using var extractor = new StravaExtractor(new StravaExtractorOptions(staging, credentials, new FileRefreshTokenStore(Path.Combine(home, "strava", "tokens.json"))));
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

            daemon = Start(projectDir, environment, "daemon", "--project-dir", projectDir);
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            daemon.OutputDataReceived += (_, e) => log.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}");
            daemon.ErrorDataReceived += (_, e) => log.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(Path.Combine(Path.GetTempPath(), "bench-webhooks-daemon.log"), log);
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();
            // The daemon's first tick has run when the schedule's cursor exists.
            await WaitAsync(warehouse, "select count(*) = 1 from pg_tables where schemaname = '_engine' and tablename = 'schedule_ticks'", "t");
            await WaitAsync(warehouse, "select count(*) > 0 from _engine.schedule_ticks", "t");

            var activities = sandbox.Data.Visible(sandbox.Data.Athletes[0].Id, sandbox.Clock.GetUtcNow());
            var toStaged = new List<double>();
            var toFact = new List<double>();
            for (var i = 0; i < edits; i++)
            {
                var id = activities[i % 5].Id;
                var name = string.Create(CultureInfo.InvariantCulture, $"bench edit {i}");
                var clock = Stopwatch.StartNew();
                await sandbox.RenameActivityAsync(id, name);
                await WaitAsync(staging, $"select name from public.activities where id = {id}", name);
                toStaged.Add(clock.Elapsed.TotalMilliseconds);
                await WaitAsync(warehouse, $"select lower(activity_name) from dwh.fact_activity where activity_id = {id}", name);
                toFact.Add(clock.Elapsed.TotalMilliseconds);
                log.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} bench: edit {i} reached fact_activity after {clock.Elapsed.TotalMilliseconds:F0} ms");
            }

            Console.WriteLine($"edit -> fact_activity row through engine daemon (eager automation, no schedule): median {Percentile(toFact, 0.5):F0} ms, p90 {Percentile(toFact, 0.9):F0} ms (min {toFact.Min():F0}, max {toFact.Max():F0}) over {edits} edits");
            Console.WriteLine($"edit -> staged row (baseline, same edits): median {Percentile(toStaged, 0.5):F0} ms, p90 {Percentile(toStaged, 0.9):F0} ms");
            Console.WriteLine($"ratio fact / staged (medians): {Percentile(toFact, 0.5) / Percentile(toStaged, 0.5):F1}");
        }
        finally
        {
            if (daemon is not null)
            {
                using (var term = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                if (!daemon.WaitForExit(TimeSpan.FromSeconds(60)))
                {
                    daemon.Kill(entireProcessTree: true);
                }

                daemon.Dispose();
            }

            await cluster.DestroyAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    private static double Percentile(List<double> values, double p) => values.Order().ElementAt(Math.Min(values.Count - 1, (int)(p * values.Count)));

    private static Process Start(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Engine.Cli.Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task WaitAsync(string connectionString, string sql, string expected)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync();
            if (string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), expected, StringComparison.OrdinalIgnoreCase)
                || (value is bool b && b && expected == "t"))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"'{sql}' never gave '{expected}'");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("target", StringComparison.Ordinal) || relative.Contains($"{Path.DirectorySeparatorChar}target{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
