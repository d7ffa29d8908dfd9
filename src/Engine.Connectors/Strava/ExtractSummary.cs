using System.Collections.Immutable;
using System.Globalization;

namespace Engine.Connectors.Strava;

/// <summary>The outcome of a run: one result per athlete and the HTTP requests it took.</summary>
public sealed record ExtractSummary(ImmutableArray<AthleteExtractResult> Athletes, int Requests, TimeSpan Elapsed, bool UsedSandbox)
{
    public bool Complete => Athletes.All(a => a.Status == ExtractStatus.Complete);

    public int Activities => Athletes.Sum(a => a.Activities);

    public int Inserted => Athletes.Sum(a => a.Inserted);

    public int Updated => Athletes.Sum(a => a.Updated);

    /// <summary>The API requests among <see cref="Requests"/>, counted against the read limit.</summary>
    public int Reads { get; init; }

    /// <summary>Reads left in the application's daily limit when the run ended, as Strava's last answer said; null when unknown.</summary>
    public int? RemainingDaily { get; init; }

    /// <summary>Reads per athlete this run took, over the athletes it served completely (at least 1); null when none completed.</summary>
    public double? ReadsPerAthlete =>
        Athletes.Where(a => a.Status == ExtractStatus.Complete).ToArray() is { Length: > 0 } done ? Math.Max(1.0, done.Average(a => a.Reads)) : null;

    /// <summary>How many more athletes the remaining daily budget covers at this run's reads per athlete (today's runs of the same kind).</summary>
    public int? AthletesCoveredByRemainingDaily =>
        RemainingDaily is { } left && ReadsPerAthlete is { } per ? (int)Math.Floor(Math.Max(0, left) / per) : null;

    /// <summary>What the remaining daily budget covers, as the run summary says it; null when Strava sent no usage.</summary>
    public string? DailyBudgetNote => RemainingDaily is not { } left
        ? null
        : AthletesCoveredByRemainingDaily is { } covered
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Math.Max(0, left):N0} reads left in today's rate limit: enough for {covered:N0} more athletes at this run's {ReadsPerAthlete:0.#} reads per athlete")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, left):N0} reads left in today's rate limit");
}
