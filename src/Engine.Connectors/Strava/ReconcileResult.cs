namespace Engine.Connectors.Strava;

/// <summary>
/// What one athlete's reconciliation did in a run: pages and activities listed, rows inserted, updated and deleted;
/// not complete when it stopped (the rate limit, Strava failing), with the reason, to resume on the next run.
/// </summary>
public sealed record ReconcileResult(int Pages, int Listed, int Inserted, int Updated, int Deleted, bool Complete)
{
    /// <summary>API requests it took, counted against the read limit.</summary>
    public int Reads { get; init; }

    public string? Reason { get; init; }
}
