using System.Globalization;
using Engine.Orchestration.Daemon;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.Status;

namespace Engine.Cli.Output;

/// <summary><c>engine status</c>, <c>engine schedule ls</c> and a daemon tick's account.</summary>
public static class StatusOutput
{
    public static void PrintStatus(TextWriter output, ProjectStatus status)
    {
        output.WriteLine($"Assets at {Time(status.At)} UTC:");
        var width = Math.Max(10, status.Assets.Max(a => a.Name.Length + 7));
        output.WriteLine($"  {"asset".PadRight(width)}  {"last run",-9}  {"last success (UTC)",-19}  freshness");
        foreach (var asset in status.Assets)
        {
            var name = $"{asset.Type.ToString().ToLowerInvariant()} {asset.Name}";
            var last = asset.Last is { } m ? m.Status : "never";
            var success = asset.Last?.LastSuccessAt is { } at ? Time(at) : "-";
            output.WriteLine($"  {name.PadRight(width)}  {last,-9}  {success,-19}  {Freshness(asset.Freshness)}");
        }

        output.WriteLine();
        PrintSchedules(output, status.Schedules);
    }

    public static void PrintSchedules(TextWriter output, IReadOnlyList<ScheduleStatus> schedules)
    {
        if (schedules.Count == 0)
        {
            output.WriteLine("no schedules (schedules: in pipeline.yml)");
            return;
        }

        output.WriteLine("Schedules:");
        foreach (var s in schedules)
        {
            var what = s.Schedule.Steps.IsEmpty ? "the project's steps" : string.Join(",", s.Schedule.Steps.Select(x => x.Name));
            var partition = s.Schedule.Partitions is { } p ? $", partition {s.Schedule.Partition.ToString().ToLowerInvariant()} of '{p}'" : string.Empty;
            output.WriteLine($"  {s.Schedule.Name}: {s.Schedule.CronText} ({s.Schedule.TimeZone.Id}), runs {what}{partition}, catch_up {s.Schedule.CatchUp.ToString().ToLowerInvariant()}");
            foreach (var tick in s.NextTicks)
            {
                var local = TimeZoneInfo.ConvertTime(tick, s.Schedule.TimeZone);
                output.WriteLine($"    next tick {Time(tick)} UTC{(s.Schedule.TimeZone == TimeZoneInfo.Utc ? string.Empty : $" ({local.DateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {s.Schedule.TimeZone.Id})")}");
            }

            output.WriteLine($"    last evaluated {(s.LastEvaluated is { } l ? Time(l) + " UTC" : "never (engine daemon evaluates it)")}");
        }
    }

    public static void PrintTick(TextWriter output, DaemonTickReport report)
    {
        output.WriteLine($"daemon tick at {Time(report.At)} UTC");
        foreach (var d in report.Schedules)
        {
            var next = d.NextTick is { } n ? $"; next tick {Time(n)} UTC" : string.Empty;
            var text = d.FirstEvaluation
                ? "first evaluation, starts from now"
                : d.Due.IsEmpty ? "no tick due" : $"{d.Due.Length} tick(s) due, {d.ToRun.Length} run{(d.Dropped > 0 ? $", {d.Dropped} dropped by catch_up {d.Schedule.CatchUp.ToString().ToLowerInvariant()}" : string.Empty)}";
            output.WriteLine($"  schedule {d.Schedule.Name}: {text}{next}");
        }

        foreach (var run in report.Runs)
        {
            output.WriteLine($"  run {run.Outcome.RunId} ({run.Schedule}{(run.PartitionKey is null ? string.Empty : ", partition " + run.PartitionKey)}): {(run.Outcome.Succeeded ? "succeeded" : "FAILED")}");
        }

        if (report.Runs.IsEmpty)
        {
            output.WriteLine("  nothing to run");
        }

        var stale = report.Freshness.Where(f => f.Status != FreshnessStatus.Pass).ToList();
        output.WriteLine(stale.Count == 0
            ? $"  freshness: every asset fresh ({report.Freshness.Count(f => f.IsSource)} sources, {report.Freshness.Count(f => !f.IsSource)} models checked)"
            : $"  freshness: {string.Join("; ", stale.Select(f => $"{f.Name} {SourcesJsonWriter.StatusName(f.Status)} ({FreshnessOutput.Detail(f)})"))}");
    }

    private static string Freshness(FreshnessResult? result) => result is null
        ? "-"
        : $"{SourcesJsonWriter.StatusName(result.Status)} ({FreshnessOutput.Detail(result)})";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
