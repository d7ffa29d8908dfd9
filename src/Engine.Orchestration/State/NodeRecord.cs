namespace Engine.Orchestration.State;

/// <summary>One node (model, seed, snapshot, test) of a recorded run.</summary>
public sealed record NodeRecord(string UniqueId, string ResourceType, string? Relation, string Status)
{
    public long? Rows { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public TimeSpan Elapsed { get; init; }

    public string Message { get; init; } = string.Empty;
}
