namespace Engine.Connectors.Strava.Api;

/// <summary>
/// The rate limit is used up and resets later than the configured wait allows: the run stops cleanly, with every
/// committed page kept and the checkpoint pointing at the next one.
/// </summary>
public sealed class RateLimitStopException(TimeSpan untilReset, bool daily)
    : Exception($"Strava's {(daily ? "daily" : "15-minute")} rate limit is used up; it resets in {untilReset:hh\\:mm\\:ss}")
{
    public TimeSpan UntilReset { get; } = untilReset;

    public bool Daily { get; } = daily;
}
