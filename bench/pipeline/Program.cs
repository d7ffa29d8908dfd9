using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.TestSupport;
using Npgsql;
using Strava.Sandbox;

// bench/pipeline: `engine run` of the real project/ on 2 athletes x N sandbox activities (default 50,000), then the
// daily incremental run after the sandbox clock moved STEP days (default 7: about 1% new or edited activities), as a
// ratio of the full run. The engine runs as a real process (the Release build of the ./engine launcher) with its own
// ENGINE_HOME, so its own managed PostgreSQL cluster; the sandbox is hosted here, in-process, and the bench moves its
// clock. RUNS rounds (default 3), each on a fresh cluster and sandbox; medians are reported.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var perAthlete = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var stepDays = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
// The days of history the activities spread over (default 730): the scale case keeps the rate of activities a day, so
// the daily change, while the history grows.
var historyDays = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 730;
var runs = Environment.GetEnvironmentVariable("RUNS") is { Length: > 0 } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
var keep = Environment.GetEnvironmentVariable("KEEP") == "1";
// DAILY=2: a second daily run, another STEP days later. The first daily run after the full one also decodes the WAL the
// full build wrote (staging and warehouse share the managed cluster, and logical decoding reads all of its WAL); the
// second shows a daily run after a daily run.
var daily = Environment.GetEnvironmentVariable("DAILY") is { Length: > 0 } d ? int.Parse(d, CultureInfo.InvariantCulture) : 1;
// SETTLE=1: before each daily run (outside its timing), every database of the cluster is vacuumed and analyzed, as
// autovacuum does in the day between two runs. Without it a daily run starts seconds after the full one, while
// autovacuum works through the tables the full run filled: at 2 x 500,000 its workers ran during the second daily run
// and took CPU from it on the 2 cores, growing with the history. Off by default: the figures stay comparable with earlier ones.
var settle = Environment.GetEnvironmentVariable("SETTLE") == "1";
const int Athletes = 2;
const double Target = 0.10;

var root = RepositoryPaths.Root;
var work = Path.Combine(Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp", "engine-bench-pipeline");
var engine = Environment.GetEnvironmentVariable("ENGINE") is { Length: > 0 } custom ? custom : Path.Combine(root, ".engine", "bin", "engine");

// PROJECT names another project folder to copy (models being written elsewhere); default: this repository's project/.
var source = Environment.GetEnvironmentVariable("PROJECT") is { Length: > 0 } p ? p : Path.Combine(root, "project");

// The build is never inside a measurement: the launcher builds the Release CLI into .engine/bin when sources changed.
if (Environment.GetEnvironmentVariable("ENGINE") is not { Length: > 0 })
{
    Console.Error.WriteLine("building the engine (Release) when needed...");
    Check(await RunAsync(Path.Combine(root, "engine"), ["--help"], []), "./engine --help");
}

if (Directory.Exists(work))
{
    // A cluster left running by an interrupted or KEEP=1 run would keep its folder busy.
    foreach (var home in Directory.EnumerateDirectories(work, "home", SearchOption.AllDirectories))
    {
        await RunAsync(engine, ["local", "stop", "--project-dir", Path.Combine(Path.GetDirectoryName(home)!, "project")], new() { ["ENGINE_HOME"] = home });
    }

    Directory.Delete(work, recursive: true);
}

var rounds = new List<Round>();
for (var i = 1; i <= runs; i++)
{
    var round = await RoundAsync(Path.Combine(work, $"round-{i}"), keep && i == runs);
    if (round is null)
    {
        return 1;
    }

    rounds.Add(round);
    Console.Error.WriteLine($"round {i}: full {round.Full.Wall.TotalSeconds:F2}s ({Steps(round.Full)}), incremental {round.Incremental.Wall.TotalSeconds:F2}s ({Steps(round.Incremental)}): {round.Incremental.Wall / round.Full.Wall:P1}" +
        (round.Second is { } second ? $"; second daily {second.Wall.TotalSeconds:F2}s ({Steps(second)})" : string.Empty));
}

// Report: medians of the rounds; the changes and the fact check of the last round (every round has the same data).
var last = rounds[^1];
var changed = last.Added + last.Edited;
Console.WriteLine($"pipeline: {Athletes} athletes x {perAthlete:N0} activities over {historyDays:N0} days, median of {runs} round(s); the daily run after {stepDays} days: " +
    $"{last.Added:N0} new + {last.Edited:N0} edited = {changed:N0} activities ({100.0 * changed / Math.Max(1, last.Activities):F2}% of {last.Activities:N0})" +
    (last.ProfileChanges > 0 ? $", {last.ProfileChanges} profile change(s)" : string.Empty));
Console.WriteLine();
Console.WriteLine($"{"step",-16} {"full (s)",10} {"incremental (s)",16} {"ratio",8}");
foreach (var step in last.Full.Steps.Keys)
{
    var full = Median(rounds.Select(o => o.Full.Steps.GetValueOrDefault(step)));
    var incremental = Median(rounds.Select(o => o.Incremental.Steps.GetValueOrDefault(step)));
    Console.WriteLine($"{step,-16} {full,10:F2} {incremental,16:F2} {incremental / full,8:F3}");
}

var fullWall = Median(rounds.Select(o => o.Full.Wall.TotalSeconds));
var incrementalWall = Median(rounds.Select(o => o.Incremental.Wall.TotalSeconds));
var ratio = incrementalWall / fullWall;
Console.WriteLine($"{"total (process)",-16} {fullWall,10:F2} {incrementalWall,16:F2} {ratio,8:F3}");
Console.WriteLine($"target: incremental <= {Target:P0} of full: {(ratio <= Target ? "met" : "NOT met")} ({ratio:P1})");
if (rounds.All(o => o.Second is not null))
{
    var secondWall = Median(rounds.Select(o => o.Second!.Wall.TotalSeconds));
    var secondSteps = string.Join(", ", last.Second!.Steps.Keys.Select(step => $"{step} {Median(rounds.Select(o => o.Second!.Steps.GetValueOrDefault(step))):F2}"));
    Console.WriteLine($"{"second daily",-16} {"",10} {secondWall,16:F2} {secondWall / fullWall,8:F3}   ({secondSteps}; {stepDays} more days, after the first daily run)");
}

Console.WriteLine($"API requests: full {last.Full.Requests:N0}, incremental {last.Incremental.Requests:N0}");
Console.WriteLine(last.FactCheck);
Console.WriteLine();
Console.WriteLine("slowest nodes of the incremental build, last round (run_results.json execution_time; 4 threads share 2 cores, so they overlap):");
Console.WriteLine($"  {"node",-72} {"full (s)",9} {"incr. (s)",10}");
foreach (var (node, seconds) in last.Incremental.Nodes.OrderByDescending(n => n.Value).Take(12))
{
    Console.WriteLine($"  {Shorten(node, 72),-72} {last.Full.Nodes.GetValueOrDefault(node),9:F3} {seconds,10:F3}");
}

foreach (var (kind, prefix) in new[] { ("models", "model."), ("snapshots", "snapshot."), ("tests", "test.") })
{
    var count = last.Incremental.Nodes.Count(n => n.Key.StartsWith(prefix, StringComparison.Ordinal));
    Console.WriteLine($"  {$"sum of {kind} ({count})",-72} {Sum(last.Full, prefix),9:F3} {Sum(last.Incremental, prefix),10:F3}");
}

Console.WriteLine($"build step outside the nodes (project load, compile, row counts of the summary, artifacts): full {last.Full.Steps.GetValueOrDefault("build") - last.Full.BuildElapsed:F2}s, " +
    $"incremental {last.Incremental.Steps.GetValueOrDefault("build") - last.Incremental.BuildElapsed:F2}s");
Console.WriteLine($"logs and run_results of every run: {work}");
return 0;

// One round: a fresh cluster and sandbox, the full run, the clock moved, the incremental run. Null when a run failed.
async Task<Round?> RoundAsync(string folder, bool keepCluster)
{
    var project = Path.Combine(folder, "project");
    var home = Path.Combine(folder, "home");
    CopyProject(source, project);
    Directory.CreateDirectory(home);

    // The clock starts STEP days (DAILY=2: twice that) before the real now, so the last daily run ends about today (dim_date ends there).
    var t0 = DateTimeOffset.UtcNow.AddDays(-stepDays * daily);
    t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
    var t1 = t0.AddDays(stepDays);
    Console.Error.WriteLine($"generating the sandbox: {Athletes} athletes x {perAthlete:N0} activities, clock at {t0:u}...");
    await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
    {
        Clock = SandboxClock.At(t0),
        Athletes = Athletes,
        HistoryDays = historyDays,
        FutureDays = (stepDays * daily) + 1,
        ActivitiesPerAthlete = perAthlete,
        ReadLimit15Min = 10_000_000,
        ReadLimitDaily = 10_000_000,
        OverallLimit15Min = 10_000_000,
        OverallLimitDaily = 10_000_000,
    });

    var environment = new Dictionary<string, string?>
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

    // The cluster's first start (initdb) is set-up, not pipeline work.
    Check(await RunAsync(engine, ["local", "start", "--project-dir", project], environment), "engine local start");
    var status = await RunAsync(engine, ["local", "status", "--project-dir", project], environment);
    var port = Regex.Match(status.Output, @"127\.0\.0\.1:(\d+)").Groups[1].Value;
    var warehouse = $"Host=127.0.0.1;Port={port};Username=postgres;Database=warehouse;Pooling=false";
    try
    {
        var before = VisibleIds(sandbox, t0);
        Console.Error.WriteLine($"full run: engine run on {before.Count:N0} activities...");
        sandbox.ClearRequests();
        var full = await PipelineAsync(folder, project, environment, "full");
        if (full is null)
        {
            return null;
        }

        full = full with { Requests = sandbox.Requests.Count };
        var afterFull = await FactAsync(warehouse, null);

        // The daily run: STEP days later, new activities and edits of earlier ones.
        sandbox.Clock.Set(t1);
        var added = VisibleIds(sandbox, t1).Where(id => !before.Contains(id)).ToHashSet();
        var edited = sandbox.Data.EditsBetween(t0, t1).Select(e => e.ActivityId).Where(before.Contains).ToHashSet();
        var profiles = sandbox.Data.Athletes.Sum(a => sandbox.Data.ProfileTimeline(a.Id).Count(v => v.From > t0 && v.From <= t1));
        Console.Error.WriteLine($"incremental run: clock moved {stepDays} days: {added.Count:N0} new and {edited.Count:N0} edited activities...");
        await SettleAsync(warehouse);
        sandbox.ClearRequests();
        var incremental = await PipelineAsync(folder, project, environment, "incremental");
        if (incremental is null)
        {
            return null;
        }

        incremental = incremental with { Requests = sandbox.Requests.Count };
        var afterIncremental = await FactAsync(warehouse, afterFull?.LastLoad);
        string check;
        if (afterFull is null || afterIncremental?.Touched is not { } touched)
        {
            check = "dwh.fact_activity: not built (no such table, or no loaded_at column, in this project)";
        }
        else
        {
            var missed = added.Concat(edited).Count(id => !touched.Contains(id));
            var neither = touched.Count(id => !added.Contains(id) && !edited.Contains(id));
            check = $"dwh.fact_activity: {afterFull.Rows:N0} rows after the full run, {afterIncremental.Rows:N0} after the incremental one; " +
                $"rows the incremental run wrote (loaded_at = its run_started_at): {touched.Count:N0} of {afterIncremental.Rows:N0} " +
                $"({100.0 * touched.Count / Math.Max(1, afterIncremental.Rows):F2}%): {touched.Count(added.Contains):N0} new, {touched.Count(edited.Contains):N0} edited, " +
                $"{neither:N0} neither; {missed:N0} new or edited activities not written";
        }

        PipelineRun? second = null;
        if (daily > 1)
        {
            sandbox.Clock.Set(t1.AddDays(stepDays));
            Console.Error.WriteLine($"second daily run: clock moved {stepDays} more days...");
            await SettleAsync(warehouse);
            sandbox.ClearRequests();
            second = await PipelineAsync(folder, project, environment, "second");
            if (second is null)
            {
                return null;
            }
        }

        return new Round(full, incremental, before.Count, added.Count, edited.Count, profiles, check) { Second = second };
    }
    finally
    {
        if (keepCluster)
        {
            Console.Error.WriteLine($"KEEP=1: the last round's cluster keeps running: psql -h 127.0.0.1 -p {port} -U postgres warehouse; " +
                $"stop it with: ENGINE_HOME={home} {engine} local stop --project-dir {project}");
        }
        else
        {
            // About 1.4 GB per round at 2 x 50,000: only the logs and run_results are kept.
            await RunAsync(engine, ["local", "stop", "--project-dir", project], environment);
            Directory.Delete(home, recursive: true);
        }
    }
}

static HashSet<long> VisibleIds(SandboxServer sandbox, DateTimeOffset now) =>
    sandbox.Data.Athletes.SelectMany(a => sandbox.Data.Visible(a.Id, now)).Select(a => a.Id).ToHashSet();

// One `engine run`, timed from process start to exit; the per-step times come from the summary it prints.
async Task<PipelineRun?> PipelineAsync(string folder, string project, Dictionary<string, string?> environment, string name)
{
    var clock = Stopwatch.StartNew();
    var result = await RunAsync(engine, ["run", "--project-dir", project], environment);
    var wall = clock.Elapsed;
    await File.WriteAllTextAsync(Path.Combine(folder, name + ".log"), result.Output + result.Error);
    if (result.Exit != 0)
    {
        Console.WriteLine($"the {name} engine run failed (exit {result.Exit}); the end of its output ({folder}/{name}.log):");
        Console.WriteLine(Tail(result.Output, 30));
        Console.WriteLine(Tail(result.Error, 10));
        return null;
    }

    var results = Path.Combine(project, "target", "run_results.json");
    var nodes = new Dictionary<string, double>();
    var buildElapsed = 0.0;
    if (File.Exists(results))
    {
        File.Copy(results, Path.Combine(folder, name + "_run_results.json"), overwrite: true);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(results));
        buildElapsed = document.RootElement.GetProperty("elapsed_time").GetDouble();
        foreach (var node in document.RootElement.GetProperty("results").EnumerateArray())
        {
            nodes[node.GetProperty("unique_id").GetString()!] = node.GetProperty("execution_time").GetDouble();
        }
    }

    // The summary `engine run` prints at the end: "  extract  ok        12.34s".
    var steps = new Dictionary<string, double>();
    foreach (Match match in Regex.Matches(result.Output, @"^\s+(extract|sync|build)\s+ok\s+([\d.]+)s\b", RegexOptions.Multiline))
    {
        steps[match.Groups[1].Value] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    return new PipelineRun(wall, steps, nodes, buildElapsed, 0);
}

// SETTLE=1: VACUUM (ANALYZE) of every database of the cluster, as a day's autovacuum would leave it.
async Task SettleAsync(string warehouse)
{
    if (!settle)
    {
        return;
    }

    var clock = Stopwatch.StartNew();
    var databases = new List<string>();
    await using (var connection = new NpgsqlConnection(warehouse))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select datname from pg_database where datallowconn and not datistemplate order by datname", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            databases.Add(reader.GetString(0));
        }
    }

    foreach (var database in databases)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(warehouse) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    Console.Error.WriteLine($"settled: VACUUM (ANALYZE) of {string.Join(", ", databases)} in {clock.Elapsed.TotalSeconds:F1}s (SETTLE=1, outside the timing)");
}

// Rows of dwh.fact_activity, the latest loaded_at, and the ids written after `since` (null: not asked).
static async Task<FactState?> FactAsync(string connectionString, DateTime? since)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var exists = new NpgsqlCommand(
        "select count(*) from information_schema.columns where table_schema = 'dwh' and table_name = 'fact_activity' and column_name = 'loaded_at'", connection))
    {
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return null;
        }
    }

    long rows;
    DateTime? last;
    await using (var totals = new NpgsqlCommand("select count(*), max(loaded_at)::timestamptz from dwh.fact_activity", connection))
    await using (var reader = await totals.ExecuteReaderAsync())
    {
        await reader.ReadAsync();
        rows = reader.GetInt64(0);
        last = reader.IsDBNull(1) ? null : reader.GetDateTime(1);
    }

    HashSet<long>? touched = null;
    if (since is { } from)
    {
        touched = [];
        await using var written = new NpgsqlCommand("select activity_id from dwh.fact_activity where loaded_at::timestamptz > $1", connection);
        written.Parameters.Add(new NpgsqlParameter { Value = from });
        await using var reader = await written.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            touched.Add(reader.GetInt64(0));
        }
    }

    return new FactState(rows, last ?? DateTime.MinValue, touched);
}

static string Steps(PipelineRun run) => string.Join(", ", run.Steps.Select(s => $"{s.Key} {s.Value:F2}"));

static double Sum(PipelineRun run, string prefix) => run.Nodes.Where(n => n.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(n => n.Value);

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 3)] + "...";

static void CopyProject(string from, string to)
{
    foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
    {
        var relative = Path.GetRelativePath(from, file);
        if (relative.StartsWith("target" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            continue;
        }

        var destination = Path.Combine(to, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(file, destination);
    }
}

static void Check(ProcessResult result, string what)
{
    if (result.Exit != 0)
    {
        Console.Error.WriteLine($"{what} failed (exit {result.Exit}):");
        Console.Error.WriteLine(Tail(result.Output + result.Error, 30));
        Environment.Exit(1);
    }
}

static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, Dictionary<string, string?> environment)
{
    var start = new ProcessStartInfo(file)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    // The developer's Strava settings must not add athletes or point elsewhere.
    foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("STRAVA__", StringComparison.OrdinalIgnoreCase)).ToList())
    {
        start.Environment.Remove(key);
    }

    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    using var process = Process.Start(start)!;
    var output = new StringBuilder();
    var error = new StringBuilder();
    var stdout = Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync()));
    var stderr = Task.Run(async () => error.Append(await process.StandardError.ReadToEndAsync()));
    await process.WaitForExitAsync();
    await Task.WhenAll(stdout, stderr);
    return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
}

internal sealed record ProcessResult(int Exit, string Output, string Error);

/// <summary>One engine run: wall time, the summary's step times, run_results.json's node times and elapsed_time (the nodes' part of the build step).</summary>
internal sealed record PipelineRun(TimeSpan Wall, Dictionary<string, double> Steps, Dictionary<string, double> Nodes, double BuildElapsed, int Requests);

internal sealed record FactState(long Rows, DateTime LastLoad, HashSet<long>? Touched);

internal sealed record Round(PipelineRun Full, PipelineRun Incremental, int Activities, int Added, int Edited, int ProfileChanges, string FactCheck)
{
    /// <summary>The second daily run (DAILY=2), or null.</summary>
    public PipelineRun? Second { get; init; }
}
