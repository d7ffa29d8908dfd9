namespace Engine.Connectors.Strava;

/// <summary>The outcome of one athlete's extract.</summary>
public sealed record AthleteExtractResult(string Athlete, long? AthleteId, ExtractStatus Status)
{
    public int Requests { get; init; }

    /// <summary>The API requests among <see cref="Requests"/>, the ones Strava counts against the read limit (token refreshes are not).</summary>
    public int Reads { get; init; }

    public int Pages { get; init; }

    /// <summary>Distinct activities received.</summary>
    public int Activities { get; init; }

    public int Inserted { get; init; }

    public int Updated { get; init; }

    public string? Reason { get; init; }

    /// <summary>The athlete's reconciliation in this run, when one was due (<c>reconcile: {every: ...}</c>).</summary>
    public ReconcileResult? Reconcile { get; init; }

    /// <summary>The diagnostic code of a failure.</summary>
    public string? Code { get; init; }
}
