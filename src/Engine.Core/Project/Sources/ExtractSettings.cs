using Engine.Core.Diagnostics;

namespace Engine.Core.Project.Sources;

/// <summary>
/// The <c>extract:</c> block of a source: which connector loads its staging database, and that connector's
/// settings. A setting left out is null, so the connector applies its own default.
/// </summary>
public sealed record ExtractSettings(string Connector, SourceLocation Location)
{
    /// <summary>How far before the newest stored record an incremental run starts, to pick up recent edits.</summary>
    public TimeSpan? Lookback { get; init; }

    /// <summary>The longest wait for a used-up rate-limit window before the run stops.</summary>
    public TimeSpan? MaxRateLimitWait { get; init; }

    /// <summary>How old a stored athlete profile may get before a run fetches it again (an athlete event refreshes it sooner).</summary>
    public TimeSpan? ProfileMaxAge { get; init; }

    /// <summary><c>reconcile: {every: ...}</c>: the period of the full listing that finds deletions and old edits; null for none.</summary>
    public TimeSpan? ReconcileEvery { get; init; }

    /// <summary>How many athletes (or accounts) the connector extracts at once; at least 1.</summary>
    public int? MaxParallelAthletes { get; init; }
}
