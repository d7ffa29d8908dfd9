namespace Engine.Connectors.Strava;

/// <summary>
/// What one extract run covers: all configured athletes or one, everything new since the last run or a date range
/// (<see cref="From"/> and <see cref="To"/> inclusive, UTC days), incrementally or from scratch.
/// </summary>
public sealed record ExtractRequest
{
    public string? Athlete { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Ignores the last activity date and checkpoints: pages through the whole range (or all history) again.</summary>
    public bool FullRefresh { get; init; }

    /// <summary>The partition's start as an instant, for <c>after</c>.</summary>
    public DateTime? PartitionStart => From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The partition's end (exclusive) as an instant, for <c>before</c>.</summary>
    public DateTime? PartitionEnd => To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
