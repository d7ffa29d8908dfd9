using System.Collections.Immutable;

namespace Engine.Connectors.Strava;

/// <summary>The outcome of a run: one result per athlete and the HTTP requests it took.</summary>
public sealed record ExtractSummary(ImmutableArray<AthleteExtractResult> Athletes, int Requests, TimeSpan Elapsed, bool UsedSandbox)
{
    public bool Complete => Athletes.All(a => a.Status == ExtractStatus.Complete);

    public int Activities => Athletes.Sum(a => a.Activities);

    public int Inserted => Athletes.Sum(a => a.Inserted);

    public int Updated => Athletes.Sum(a => a.Updated);
}
