namespace Engine.Connectors.Strava;

public enum ExtractStatus
{
    /// <summary>Every page of the athlete's window was fetched and committed.</summary>
    Complete,

    /// <summary>Stopped cleanly (rate limit, Strava failing): committed pages stay, the next run resumes.</summary>
    Stopped,

    /// <summary>Cannot go on without the user (a revoked token, a rejected request).</summary>
    Failed,
}
