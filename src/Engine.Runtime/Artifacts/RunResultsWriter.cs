using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Runtime.Execution;

namespace Engine.Runtime.Artifacts;

/// <summary>target/run_results.json in dbt's shape (schema v6): one result per node, with timing, rows and failures.</summary>
public static class RunResultsWriter
{
    public const string SchemaVersion = "https://schemas.getdbt.com/dbt/run-results/v6.json";

    public static string Write(string projectDirectory, BuildOutcome outcome, RunInvocation invocation, ISqlDialect dialect, string? targetDatabase)
    {
        var path = Path.Combine(projectDirectory, "target", "run_results.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ArtifactJson.Encoder });
        json.WriteStartObject();
        ArtifactMetadata.Write(json, SchemaVersion, invocation);
        json.WriteNumber("elapsed_time", Math.Round(outcome.Elapsed.TotalSeconds, 3));
        json.WriteStartObject("args");
        json.WriteString("which", invocation.Command);
        json.WriteNumber("threads", invocation.Options.Threads);
        json.WriteBoolean("full_refresh", invocation.Options.FullRefresh);
        json.WriteBoolean("fail_fast", invocation.Options.FailFast);
        json.WriteString("target", invocation.Session.Target);
        ArtifactJson.WriteStrings(json, "select", invocation.Session.Select);
        ArtifactJson.WriteStrings(json, "exclude", invocation.Session.Exclude);
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var result in outcome.Results)
        {
            WriteResult(json, result, dialect, targetDatabase);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return path;
    }

    /// <summary>dbt's status words: models success/error/skipped, tests pass/warn/fail/error/skipped.</summary>
    public static string StatusName(NodeStatus status) => status switch
    {
        NodeStatus.Success => "success",
        NodeStatus.Error => "error",
        NodeStatus.Skipped => "skipped",
        NodeStatus.Pass => "pass",
        NodeStatus.Warn => "warn",
        _ => "fail",
    };

    private static void WriteResult(Utf8JsonWriter json, NodeResult result, ISqlDialect dialect, string? targetDatabase)
    {
        json.WriteStartObject();
        json.WriteString("unique_id", result.Node.UniqueId);
        json.WriteString("status", StatusName(result.Status));
        json.WriteStartArray("timing");
        if (result.Status != NodeStatus.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("name", "execute");
            json.WriteString("started_at", ArtifactMetadata.Timestamp(result.StartedAt));
            json.WriteString("completed_at", ArtifactMetadata.Timestamp(result.CompletedAt));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("thread_id", result.ThreadId);
        json.WriteNumber("execution_time", Math.Round(result.Elapsed.TotalSeconds, 3));
        json.WriteStartObject("adapter_response");
        if (result.Response is { } response)
        {
            json.WriteString("_message", response);
            json.WriteString("code", response.Split(' ')[0]);
            if (result.RowsAffected is { } rows)
            {
                json.WriteNumber("rows_affected", rows);
            }
        }

        // Why the node ran or was skipped (up to date, inputs changed, contents unchanged...): adapter_response is the one
        // object dbt's schema leaves open.
        if (result.Decision is { } decision)
        {
            json.WriteString("engine_decision", decision);
        }

        json.WriteEndObject();
        json.WriteString("message", result.Message);
        if (result.Failures is { } failures)
        {
            json.WriteNumber("failures", failures);
        }
        else
        {
            json.WriteNull("failures");
        }

        // dbt's schema has no place for a result's warnings: they are printed to the console only.
        json.WriteBoolean("compiled", result.CompiledSql is not null);
        json.WriteString("compiled_code", result.CompiledSql);
        json.WriteString("relation_name", result.Node.Relation is { } relation && !result.Node.IsEphemeral ? ArtifactJson.RelationName(dialect, relation, targetDatabase) : null);
        json.WriteEndObject();
    }
}
