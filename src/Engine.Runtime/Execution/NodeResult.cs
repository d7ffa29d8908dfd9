using System.Collections.Immutable;
using Engine.Core.Graph;

namespace Engine.Runtime.Execution;

/// <summary>What happened to one node of a build, as reported on screen and in run_results.json.</summary>
public sealed record NodeResult(GraphNode Node, NodeStatus Status, string Message)
{
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
    public TimeSpan Elapsed => CompletedAt - StartedAt;
    public string ThreadId { get; init; } = "main";

    /// <summary>The warehouse's answer to the statement that built the node (<c>SELECT 5844</c>).</summary>
    public string? Response { get; init; }
    public long? RowsAffected { get; init; }

    /// <summary>For a test: the number of failing rows, and up to five of them.</summary>
    public long? Failures { get; init; }
    public Warehouse.QueryResult? Sample { get; init; }

    public string? CompiledSql { get; init; }

    /// <summary>True when the failure came from the user's input (a malformed seed), which exits 2 rather than 1.</summary>
    public bool BadInput { get; init; }

    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Skipped because its SQL and inputs are what they were at its last successful build: nothing downstream waits on it.</summary>
    public bool UpToDate { get; init; }

    /// <summary>For a test of an incremental model: it checked only the rows the model's run wrote.</summary>
    public bool Scoped { get; init; }

    /// <summary>Why the node ran or was skipped (up to date, SQL changed, inputs changed, ...); null when changes are not tracked.</summary>
    public string? Decision { get; init; }

    public bool BlocksDownstream => Status is NodeStatus.Error or NodeStatus.Fail || (Status == NodeStatus.Skipped && !UpToDate);
}
