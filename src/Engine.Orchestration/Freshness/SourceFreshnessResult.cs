using Engine.Core.Project;

namespace Engine.Orchestration.Freshness;

/// <summary>
/// One source table's freshness: the newest <c>loaded_at_field</c>, its age at <see cref="SnapshottedAt"/> and the
/// status its thresholds give; <see cref="Error"/> holds why the query failed for <see cref="FreshnessStatus.RuntimeError"/>.
/// </summary>
public sealed record SourceFreshnessResult(
    string UniqueId,
    string Relation,
    FreshnessPolicy Criteria,
    FreshnessStatus Status,
    DateTimeOffset? MaxLoadedAt,
    DateTimeOffset SnapshottedAt)
{
    public TimeSpan? Age => MaxLoadedAt is { } max ? SnapshottedAt - max : null;

    public string? Error { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>How far past the threshold that set the status the data is (zero for pass).</summary>
    public TimeSpan Overdue { get; init; }
}
