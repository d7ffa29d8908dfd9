using System.Text.Json;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Execution;

namespace Engine.Cli.Output;

/// <summary><c>--log-format json</c>: one JSON event per line on stdout, for CI systems to parse.</summary>
public sealed class JsonBuildReporter : IBuildObserver
{
    private readonly Lock _lock = new();

    public void NodeStarted(BuildUnit unit, int index, int total) => Write(json =>
    {
        json.WriteString("event", "node_started");
        json.WriteString("unique_id", unit.Node.UniqueId);
        json.WriteString("description", NodeDescriptions.Describe(unit.Node));
        json.WriteNumber("index", index);
        json.WriteNumber("total", total);
    });

    public void NodeFinished(NodeResult result, int index, int total) => Write(json =>
    {
        json.WriteString("event", "node_finished");
        json.WriteString("unique_id", result.Node.UniqueId);
        json.WriteNumber("index", index);
        json.WriteNumber("total", total);
        json.WriteString("status", RunResultsWriter.StatusName(result.Status));
        json.WriteString("message", result.Message);
        json.WriteNumber("execution_time", Math.Round(result.Elapsed.TotalSeconds, 3));
        json.WriteString("thread_id", result.ThreadId);
        json.WriteString("adapter_response", result.Response);
        if (result.RowsAffected is { } rows)
        {
            json.WriteNumber("rows_affected", rows);
        }

        if (result.Failures is { } failures)
        {
            json.WriteNumber("failures", failures);
        }
    });

    public void RunFinished(BuildOutcome outcome) => Write(json =>
    {
        json.WriteString("event", "run_finished");
        json.WriteNumber("elapsed_time", Math.Round(outcome.Elapsed.TotalSeconds, 3));
        json.WriteNumber("pass", outcome.Count(NodeStatus.Success) + outcome.Count(NodeStatus.Pass));
        json.WriteNumber("warn", outcome.Count(NodeStatus.Warn));
        json.WriteNumber("error", outcome.Count(NodeStatus.Error) + outcome.Count(NodeStatus.Fail));
        json.WriteNumber("skip", outcome.Count(NodeStatus.Skipped) - outcome.Results.Count(r => r.UpToDate));
        json.WriteNumber("up_to_date", outcome.Results.Count(r => r.UpToDate));
        json.WriteNumber("total", outcome.Results.Count);
    });

    private void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            body(json);
            json.WriteEndObject();
        }

        lock (_lock)
        {
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
