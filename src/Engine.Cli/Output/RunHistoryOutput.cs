using System.Globalization;
using System.Text.Json;
using Engine.Orchestration.State;

namespace Engine.Cli.Output;

/// <summary><c>engine runs</c> and <c>engine runs show</c>: the run history as a table, as JSON, or one run in detail.</summary>
public static class RunHistoryOutput
{
    public static void PrintTable(TextWriter output, IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0)
        {
            output.WriteLine("no runs recorded yet (engine run records one)");
            return;
        }

        output.WriteLine($"{"id",6}  {"status",-9}  {"trigger",-10}  {"started (UTC)",-19}  {"duration",9}  {"partitions",-12}  steps");
        foreach (var run in runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Id,6}  {StateStore.Name(run.Status),-9}  {StateStore.Name(run.Trigger),-10}  {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {Duration(run),9}  {Partitions(run),-12}  {string.Join(",", run.Steps)}"));
        }
    }

    public static void PrintJson(Stream output, IReadOnlyList<RunRecord> runs)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("runs");
        foreach (var run in runs)
        {
            WriteRun(json, run);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void PrintRun(TextWriter output, RunRecord run)
    {
        output.WriteLine($"run {run.Id}: {StateStore.Name(run.Status)} ({StateStore.Name(run.Trigger)}{(run.Schedule is null ? string.Empty : " by schedule " + run.Schedule)}, engine {run.Command})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  started   {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC on {run.Host} (pid {run.ProcessId})"));
        if (run.FinishedAt is { } finished)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  finished  {finished.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC after {Duration(run)}"));
        }

        output.WriteLine($"  partitions {Partitions(run)}");
        if (run.Error is { } error)
        {
            output.WriteLine($"  error     {error}");
        }

        output.WriteLine();
        output.WriteLine("Steps:");
        foreach (var step in run.StepResults)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step.Name,-8} {step.Status,-10} {step.Elapsed.TotalSeconds,7:F2}s  {step.Detail}"));
        }

        if (run.Nodes.IsEmpty)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Nodes:");
        var width = run.Nodes.Max(n => n.UniqueId.Length);
        foreach (var node in run.Nodes)
        {
            var rows = node.Rows is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {node.UniqueId.PadRight(width)}  {node.Status,-8} {rows,12}  {node.Elapsed.TotalSeconds,6:F2}s"));
        }
    }

    public static void PrintRunJson(Stream output, RunRecord run)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        WriteRun(json, run);
    }

    private static void WriteRun(Utf8JsonWriter json, RunRecord run)
    {
        json.WriteStartObject();
        json.WriteNumber("id", run.Id);
        json.WriteString("status", StateStore.Name(run.Status));
        json.WriteString("trigger", StateStore.Name(run.Trigger));
        json.WriteString("command", run.Command);
        json.WriteString("schedule", run.Schedule);
        json.WriteString("started_at", run.StartedAt);
        if (run.FinishedAt is { } finished)
        {
            json.WriteString("finished_at", finished);
        }
        else
        {
            json.WriteNull("finished_at");
        }

        WriteStrings(json, "steps", run.Steps);
        WriteStrings(json, "partition_keys", run.PartitionKeys);
        json.WriteString("error", run.Error);
        json.WriteString("host", run.Host);
        json.WriteNumber("pid", run.ProcessId);
        if (!run.StepResults.IsEmpty || !run.Nodes.IsEmpty)
        {
            json.WriteStartArray("step_results");
            foreach (var step in run.StepResults)
            {
                json.WriteStartObject();
                json.WriteString("name", step.Name);
                json.WriteString("status", step.Status);
                json.WriteNumber("execution_time", Math.Round(step.Elapsed.TotalSeconds, 3));
                json.WriteString("detail", step.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("nodes");
            foreach (var node in run.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("unique_id", node.UniqueId);
                json.WriteString("resource_type", node.ResourceType);
                json.WriteString("relation", node.Relation);
                json.WriteString("status", node.Status);
                if (node.Rows is { } rows)
                {
                    json.WriteNumber("rows", rows);
                }

                json.WriteNumber("execution_time", Math.Round(node.Elapsed.TotalSeconds, 3));
                json.WriteString("message", node.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Partitions(RunRecord run) => run.PartitionKeys.IsEmpty ? "-" : string.Join(",", run.PartitionKeys);

    private static string Duration(RunRecord run) =>
        run.FinishedAt is { } finished ? string.Create(CultureInfo.InvariantCulture, $"{(finished - run.StartedAt).TotalSeconds:F1}s") : "-";
}
