using Snowflake.Sandbox.Execution;

namespace Snowflake.Sandbox.Api;

/// <summary>A submitted request, running or done; a multi-statement request's children are runs too, finished with it.</summary>
internal sealed class StatementRun
{
    public StatementRun(string handle, string? requestId)
    {
        Handle = handle;
        RequestId = requestId;
    }

    public string Handle { get; }

    public string? RequestId { get; }

    public long CreatedOn { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public CancellationTokenSource Cancellation { get; } = new();

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Set when done: the statement's own outcome.</summary>
    public StatementOutcome? Outcome { get; set; }

    /// <summary>For a multi-statement request: the handles of its statements, in order.</summary>
    public IReadOnlyList<string>? Children { get; set; }

    public bool IsDone => Outcome is not null;
}
