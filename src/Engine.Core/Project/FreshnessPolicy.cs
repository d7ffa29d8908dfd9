using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

public sealed record FreshnessThreshold(int Count, string Period);

/// <summary>
/// Freshness: how old a source's <c>loaded_at_field</c>, or a model's <see cref="Column"/> (else its last successful
/// build), may get before a warning or an error.
/// </summary>
public sealed record FreshnessPolicy(FreshnessThreshold? WarnAfter, FreshnessThreshold? ErrorAfter, string? Filter, SourceLocation Location)
{
    /// <summary>A model's column whose newest value is the model's data time; null measures from its last successful build.</summary>
    public string? Column { get; init; }

    public bool HasThresholds => WarnAfter is not null || ErrorAfter is not null;

    /// <summary>The same policy wherever it is written (state:modified compares configs, not positions).</summary>
    public bool SameAs(FreshnessPolicy? other) =>
        other is not null && WarnAfter == other.WarnAfter && ErrorAfter == other.ErrorAfter && Filter == other.Filter && Column == other.Column;
}
