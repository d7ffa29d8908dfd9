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
// ENGINE_HOME, so its own managed PostgreSQL cluster; the sandbox is hosted here, in-process, and the bench moves its clock.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var perAthlete = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var stepDays = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
const int Athletes = 2;
const double Target = 0.10;

var root = RepositoryPaths.Root;
var work = Path.Combine(Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp", "engine-bench-pipeline");
var project = Path.Combine(work, "project");
var home = Path.Combine(work, "home");
var engine = Environment.GetEnvironmentVariable("ENGINE") is { Length: > 0 } custom ? custom : Path.Combine(root, ".engine", "bin", "engine");

// The build is never inside a measurement: the launcher builds the Release CLI into .engine/bin when sources changed.
if (Environment.GetEnvironmentVariable("ENGINE") is not { Length: > 0 })
{
    Console.Error.WriteLine("building the engine (Release) when needed...");
    Check(await RunAsync(Path.Combine(root, "engine"), ["--help"], []), "./engine --help");
}

if (Directory.Exists(home))
{
    // A cluster left running by an interrupted run would keep its folder busy.
    await RunAsync(engine, ["local", "stop", "--project-dir", project], new() { ["ENGINE_HOME"] = home });
}

if (Directory.Exists(work))
{
    Directory.Delete(work, recursive: true);
}

CopyProject(Path.Combine(root, "project"), project);
Directory.CreateDirectory(home);

// The clock starts STEP days before the real now, so the incremental run ends at about the real date (dim_date ends there).
var t0 = DateTimeOffset.UtcNow.AddDays(-stepDays);
t0 = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero);
var t1 = t0.AddDays(stepDays);
Console.Error.WriteLine($"generating the sandbox: {Athletes} athletes x {perAthlete:N0} activities, clock at {t0:u}...");
await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
{
    Clock = SandboxClock.At(t0),
    Athletes = Athletes,
    HistoryDays = 730,
    FutureDays = stepDays + 1,
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
var setup = Stopwatch.StartNew();
Check(await RunAsync(engine, ["local", "start", "--project-dir", project], environment), "engine local start");
var status = await RunAsync(engine, ["local", "status", "--project-dir", project], environment);
var port = Regex.Match(status.Output, @"127\.0\.0\.1:(\d+)").Groups[1].Value;
var warehouse = $"Host=127.0.0.1;Port={port};Username=postgres;Database=warehouse;Pooling=false";
Console.Error.WriteLine($"managed cluster started in {setup.Elapsed.TotalSeconds:F1}s (not measured), port {port}");

try
{
    // 1. The full first run.
    var before = VisibleIds(t0);
    Console.Error.WriteLine($"full run: engine run on {before.Count:N0} activities...");
    sandbox.ClearRequests();
    var full = await PipelineAsync("full");
    var fullRequests = sandbox.Requests.Count;
    var afterFull = await FactAsync(null);

    // 2. The daily run: STEP days later, new activities and edits of earlier ones.
    sandbox.Clock.Set(t1);
    var after = VisibleIds(t1);
    var added = after.Where(id => !before.Contains(id)).ToHashSet();
    var edited = sandbox.Data.EditsBetween(t0, t1).Select(e => e.ActivityId).Where(before.Contains).ToHashSet();
    var profiles = sandbox.Data.Athletes.Sum(a => sandbox.Data.ProfileTimeline(a.Id).Count(v => v.From > t0 && v.From <= t1));
    Console.Error.WriteLine($"incremental run: clock moved {stepDays} days: {added.Count:N0} new and {edited.Count:N0} edited activities...");
    sandbox.ClearRequests();
    var incremental = await PipelineAsync("incremental");
    var incrementalRequests = sandbox.Requests.Count;
    var afterIncremental = await FactAsync(afterFull?.LastLoad);

    // Report.
    var changed = added.Count + edited.Count;
    Console.WriteLine($"pipeline: {Athletes} athletes x {perAthlete:N0} activities; the daily run after {stepDays} days: {added.Count:N0} new + {edited.Count:N0} edited = {changed:N0} activities ({100.0 * changed / Math.Max(1, before.Count):F2}% of {before.Count:N0}){(profiles > 0 ? $", {profiles} profile change(s)" : string.Empty)}");
    Console.WriteLine();
    Console.WriteLine($"{"step",-22} {"full (s)",10} {"incremental (s)",16} {"ratio",8}");
    foreach (var step in full.Steps.Keys)
    {
        var inc = incremental.Steps.GetValueOrDefault(step);
        Console.WriteLine($"{step,-22} {full.Steps[step],10:F2} {inc,16:F2} {inc / full.Steps[step],8:F3}");
    }

    Console.WriteLine($"{"total (process)",-22} {full.Wall.TotalSeconds,10:F2} {incremental.Wall.TotalSeconds,16:F2} {incremental.Wall / full.Wall,8:F3}");
    var ratio = incremental.Wall / full.Wall;
    Console.WriteLine($"target: incremental <= {Target:P0} of full: {(ratio <= Target ? "met" : "NOT met")} ({ratio:P1})");
    Console.WriteLine($"API requests: full {fullRequests:N0}, incremental {incrementalRequests:N0}");

    if (afterFull is null || afterIncremental is null)
    {
        Console.WriteLine("dwh.fact_activity: not built (no such table or no loaded_at column in this project)");
    }
    else
    {
        var touched = afterIncremental.Touched!;
        var expected = added.Concat(edited).ToHashSet();
        var missed = expected.Count(id => !touched.Contains(id));
        var extra = touched.Count(id => !expected.Contains(id));
        Console.WriteLine($"dwh.fact_activity: {afterFull.Rows:N0} rows after the full run, {afterIncremental.Rows:N0} after the incremental one; " +
            $"rows written by the incremental run (loaded_at = its run time): {touched.Count:N0} of {afterIncremental.Rows:N0} ({100.0 * touched.Count / Math.Max(1, afterIncremental.Rows):F2}%): " +
            $"{touched.Count(added.Contains):N0} new, {touched.Count(edited.Contains):N0} edited, {extra:N0} neither; {missed:N0} new or edited not written");
    }

    Console.WriteLine();
    Console.WriteLine("slowest nodes of the incremental build (run_results.json, execution_time):");
    Console.WriteLine($"  {"node",-72} {"full (s)",9} {"incr. (s)",10}");
    foreach (var (node, seconds) in incremental.Nodes.OrderByDescending(n => n.Value).Take(10))
    {
        Console.WriteLine($"  {node,-72} {full.Nodes.GetValueOrDefault(node),9:F3} {seconds,10:F3}");
    }

    Console.WriteLine($"  {"sum of models (" + incremental.Nodes.Count(n => n.Key.StartsWith("model.", StringComparison.Ordinal)) + ")",-72} {Sum(full, "model."),9:F3} {Sum(incremental, "model."),10:F3}");
    Console.WriteLine($"  {"sum of tests (" + incremental.Nodes.Count(n => n.Key.StartsWith("test.", StringComparison.Ordinal)) + ")",-72} {Sum(full, "test."),9:F3} {Sum(incremental, "test."),10:F3}");
    Console.WriteLine($"logs and run_results of both runs: {work}");
}
finally
{
    await RunAsync(engine, ["local", "stop", "--project-dir", project], environment);
}

return 0;

HashSet<long> VisibleIds(DateTimeOffset now) =>
    sandbox.Data.Athletes.SelectMany(a => sandbox.Data.Visible(a.Id, now)).Select(a => a.Id).ToHashSet();

static double Sum(PipelineRun run, string prefix) => run.Nodes.Where(n => n.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(n => n.Value);

async Task<PipelineRun> PipelineAsync(string name)
{
    var clock = Stopwatch.StartNew();
    var result = await RunAsync(engine, ["run", "--project-dir", project], environment);
    var wall = clock.Elapsed;
    await File.WriteAllTextAsync(Path.Combine(work, name + ".log"), result.Output + result.Error);
    var results = Path.Combine(project, "target", "run_results.json");
    var nodes = new Dictionary<string, double>();
    if (File.Exists(results))
    {
        File.Copy(results, Path.Combine(work, name + "_run_results.json"), overwrite: true);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(results));
        foreach (var node in document.RootElement.GetProperty("results").EnumerateArray())
        {
            nodes[node.GetProperty("unique_id").GetString()!] = node.GetProperty("execution_time").GetDouble();
        }
    }

    // The summary `engine run` prints: "  extract  ok        12.34s".
    var steps = new Dictionary<string, double>();
    foreach (Match match in Regex.Matches(result.Output, @"^\s+(\w+)\s+(ok|FAILED)\s+([\d.]+)s\s*$", RegexOptions.Multiline))
    {
        steps[match.Groups[1].Value] = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
    }

    if (result.Exit != 0)
    {
        Console.WriteLine($"the {name} engine run failed (exit {result.Exit}); the end of its output ({work}/{name}.log):");
        Console.WriteLine(Tail(result.Output + result.Error, 40));
        Environment.Exit(1);
    }

    return new PipelineRun(wall, steps, nodes);
}

// Rows of dwh.fact_activity, the latest loaded_at, and the ids written after `since` (null: none asked).
async Task<FactState?> FactAsync(DateTime? since)
{
    await using var connection = new NpgsqlConnection(warehouse);
    await connection.OpenAsync();
    await using (var exists = new NpgsqlCommand(
        "select count(*) from information_schema.columns where table_schema = 'dwh' and table_name = 'fact_activity' and column_name = 'loaded_at'", connection))
    {
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return null;
        }
    }

    await using var totals = new NpgsqlCommand("select count(*), max(loaded_at)::timestamptz from dwh.fact_activity", connection);
    long rows;
    DateTime? last;
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

internal sealed record PipelineRun(TimeSpan Wall, Dictionary<string, double> Steps, Dictionary<string, double> Nodes);

internal sealed record FactState(long Rows, DateTime LastLoad, HashSet<long>? Touched);
