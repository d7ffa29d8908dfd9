using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Config;
using Engine.Core.Compilation;
using Engine.Orchestration.Backfills;
using Engine.Orchestration.Daemon;
using Engine.Orchestration.Partitions;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Strava.Sandbox;

// bench/orchestration (see README.md here): on a PostgreSQL cluster of its own and the Strava sandbox (2 athletes, 730
// days of history ending 2026-01-01), in this process:
//  1. a backfill of the 730 daily partitions 2024-01-02..2025-12-31 (one run per stretch, the default), and with 30
//     partitions per run, against one run over the same range (the baseline): Strava requests and wall time;
//  2. planning and recording the 730 partitions (range, state rows, batches) against recording one run;
//  3. an idle daemon's CPU over IDLE_SECONDS (default 60) against this process idle as long;
//  4. the delay from a due tick to its run's first step against a run started directly.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var idle = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("IDLE_SECONDS") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : 60);
var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
var sandboxOptions = new SandboxOptions
{
    Clock = SandboxClock.At(now),
    ReadLimit15Min = 100_000, ReadLimitDaily = 1_000_000, OverallLimit15Min = 100_000, OverallLimitDaily = 1_000_000,
};
var postgres = new PostgresFixture();
await postgres.InitializeAsync();
try
{
    var clock = new FakeTimeProvider(now);

    // 1. Requests and wall time; a first run, not reported, warms up the JIT and the cluster so the baseline is not penalised.
    Func<ProjectSession, PipelineOptions, Task<(bool Succeeded, int Runs)>> rangeRun = async (session, options) =>
    {
        // As `engine run --event-time-start 2024-01-02 --event-time-end 2026-01-01` with the extract over the same days.
        var (from, to) = (new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ranged = ProjectSession.Open(session.Options with { Partition = new RunPartition(null, from, to) }, session.Warehouses);
        var start = new RunStart(RunTrigger.Manual, "run") { Steps = ["extract", "build"] };
        var outcome = await RunRecorder.RunAsync(ranged, options with { Extract = PartitionedRun.Extract(options.Extract, from, to) }, start, new QuietObserver(), clock, default);
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine(string.Join("; ", outcome.Done.Select(d => $"{d.Name}: {d.Detail}")));
        }

        return (outcome.Succeeded, 1);
    };
    await MeasureAsync(rangeRun);
    var single = await MeasureAsync(rangeRun);
    var backfill = await MeasureAsync(async (session, options) =>
    {
        var outcome = await BackfillRunner.RunAsync(session, options, new BackfillRequest("2024-01-02", "2025-12-31"), new QuietObserver(), null, clock, default);
        return (outcome.Succeeded, outcome.Runs.Length);
    });
    var batched30 = await MeasureAsync(async (session, options) =>
    {
        var outcome = await BackfillRunner.RunAsync(session, options, new BackfillRequest("2024-01-02", "2025-12-31") { MaxPartitionsPerRun = 30 }, new QuietObserver(), null, clock, default);
        return (outcome.Succeeded, outcome.Runs.Length);
    });
    Console.WriteLine("1. 730 daily partitions (2 athletes), extract + build:");
    Console.WriteLine($"   one run over the range (baseline) {single.Wall.TotalSeconds,7:F2}s  {single.Requests,5} Strava requests  ({single.Runs} run)");
    foreach (var (name, m) in new[] { ("backfill, default batching", backfill), ("backfill, 30 per run", batched30) })
    {
        Console.WriteLine($"   {name,-33} {m.Wall.TotalSeconds,7:F2}s  {m.Requests,5} Strava requests  ({m.Runs} runs)  " +
            $"time {m.Wall / single.Wall:F2}x, requests {(double)m.Requests / single.Requests:F2}x the baseline");
    }

    // 2. Planning and recording.
    using (var project = await BenchProject.CreateAsync(postgres, "[build]"))
    {
        var session = project.Open();
        var store = await StateStore.OpenAsync(session, clock, default);
        var runClock = Stopwatch.StartNew();
        var id = await store.StartRunAsync(new RunStart(RunTrigger.Manual, "run"), RunOwner.Current, default);
        await store.FinishRunAsync(id, new RunCompletion(RunStatus.Succeeded, null), default);
        var oneRun = runClock.Elapsed;
        var planClock = Stopwatch.StartNew();
        var definition = BackfillPlanner.Definition(session.Definition.Config.Orchestration, null);
        var windows = BackfillPlanner.Range(definition, "2024-01-02", "2025-12-31", now);
        var record = await store.OpenBackfillAsync(definition.Name, windows[0].Key, windows[^1].Key, string.Empty, [.. windows.Select(w => w.Key)], default);
        var batches = BackfillPlanner.Batches(windows, record.Partitions.Select(p => p.Key).ToHashSet(StringComparer.Ordinal), 1);
        var plan = planClock.Elapsed;
        Console.WriteLine($"2. planning and recording {windows.Length} partitions ({batches.Length} one-partition runs planned): {plan.TotalMilliseconds:F1} ms; " +
            $"recording one run (baseline) {oneRun.TotalMilliseconds:F1} ms; ratio {plan / oneRun:F1}x");
    }

    // 3. Idle daemon CPU; 4. tick to run start.
    using (var project = await BenchProject.CreateAsync(postgres, "[build]", """
        schedules:
          - name: nightly
            cron: "0 2 * * *"
            steps: [build]
        """))
    {
        var session = project.Open();
        await DaemonTick.RunOnceAsync(session, new PipelineOptions(), new QuietObserver(), TimeProvider.System, default);
        var process = Process.GetCurrentProcess();
        // Settle first (background JIT and GC after the work above), then the daemon, then the idle baseline.
        await Task.Delay(TimeSpan.FromSeconds(10));
        using var stop = new CancellationTokenSource(idle);
        var daemonCpu = await CpuOverAsync(process, idle, () => DaemonLoop.RunAsync(session, new PipelineOptions(), new QuietObserver(), TimeProvider.System, _ => { }, stop.Token));
        var baselineCpu = await CpuOverAsync(process, idle, () => Task.Delay(idle));
        Console.WriteLine($"3. idle daemon over {idle.TotalSeconds:F0}s: {daemonCpu.TotalMilliseconds:F0} ms CPU ({daemonCpu / idle:P2} of a core); " +
            $"this process idle (baseline) {baselineCpu.TotalMilliseconds:F0} ms ({baselineCpu / idle:P2}); ratio {(baselineCpu.Ticks == 0 ? double.NaN : daemonCpu / baselineCpu):F1}x");

        var direct = new QuietObserver();
        var directStart = Stopwatch.GetTimestamp();
        await RunRecorder.RunAsync(project.Open(), new PipelineOptions(), new RunStart(RunTrigger.Manual, "run"), direct, TimeProvider.System, default);
        var directDelay = Stopwatch.GetElapsedTime(directStart, direct.FirstStepAt!.Value);
        await project.ExecuteAsync("UPDATE _engine.schedule_ticks SET last_tick = now() - interval '2 days'");
        var ticked = new QuietObserver();
        var tickStart = Stopwatch.GetTimestamp();
        var report = await DaemonTick.RunOnceAsync(project.Open(), new PipelineOptions(), ticked, TimeProvider.System, default);
        var tickDelay = Stopwatch.GetElapsedTime(tickStart, ticked.FirstStepAt!.Value);
        Console.WriteLine($"4. tick to run start: {tickDelay.TotalMilliseconds:F0} ms ({report.Runs.Length} run); a run started directly (baseline, project opened) " +
            $"{directDelay.TotalMilliseconds:F0} ms; ratio {tickDelay / directDelay:F1}x");
    }
}
finally
{
    await postgres.DisposeAsync();
}

return 0;

async Task<Measurement> MeasureAsync(Func<ProjectSession, PipelineOptions, Task<(bool Succeeded, int Runs)>> work)
{
    using var project = await BenchProject.CreateAsync(postgres, "[extract, build]");
    var sandboxes = new ConcurrentBag<SandboxServer>();
    var options = new PipelineOptions { StravaStandIn = async ct =>
    {
        var sandbox = await SandboxServer.StartAsync(sandboxOptions, ct);
        sandboxes.Add(sandbox);
        var credentials = new StravaCredentials(sandbox.Options.ClientId, sandbox.Options.ClientSecret, sandbox.BaseAddress,
            sandbox.Data.Athletes.ToImmutableSortedDictionary(a => a.Name, a => (string?)a.InitialRefreshToken, StringComparer.Ordinal));
        return new StravaStandIn(credentials, sandbox, "the Strava sandbox");
    } };
    var session = project.Open();
    var wall = Stopwatch.StartNew();
    var (succeeded, runs) = await work(session, options);
    var elapsed = wall.Elapsed;
    if (!succeeded)
    {
        throw new InvalidOperationException("a measured run failed");
    }

    return new Measurement(elapsed, sandboxes.Sum(s => s.Requests.Count), runs);
}

static async Task<TimeSpan> CpuOverAsync(Process process, TimeSpan span, Func<Task> work)
{
    process.Refresh();
    var before = process.TotalProcessorTime;
    await work();
    process.Refresh();
    return process.TotalProcessorTime - before;
}

internal sealed record Measurement(TimeSpan Wall, int Requests, int Runs);
