using Engine.Core.Project;

namespace Engine.Orchestration.Freshness;

/// <summary>
/// One asset's freshness: the newest data time (a source's <c>loaded_at_field</c>, a model's freshness column or last
/// successful build), its age at <see cref="SnapshottedAt"/> and the status its thresholds give; <see cref="Error"/>
/// says why there is no data time (a failed query, a model never built).
/// </summary>
public sealed record FreshnessResult(
    string UniqueId,
    string Relation,
    FreshnessPolicy Criteria,
    FreshnessStatus Status,
    DateTimeOffset? MaxLoadedAt,
    DateTimeOffset SnapshottedAt)
{
    /// <summary><c>source.p.strava.activities</c> as <c>source()</c> names it (<c>strava.activities</c>); <c>model.p.dim_date</c> as <c>dim_date</c>.</summary>
    public string Name => string.Join('.', UniqueId.Split('.').Skip(2));

    public bool IsSource => UniqueId.StartsWith("source.", StringComparison.Ordinal);

    public TimeSpan? Age => MaxLoadedAt is { } max ? SnapshottedAt - max : null;

    public string? Error { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>How far past the threshold that set the status the data is (zero for pass).</summary>
    public TimeSpan Overdue { get; init; }
}
