namespace Engine.Connectors.Strava.Api;

/// <summary>How the API client connects, retries and paces itself.</summary>
public sealed record StravaClientOptions(Uri BaseAddress, string ClientId, string ClientSecret)
{
    /// <summary>One attempt's limit; a slower response is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for a rate-limit window to reset before the run stops instead.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How to wait for a rate-limit reset (tests move the sandbox's clock instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> WaitAsync { get; init; } = Task.Delay;

    /// <summary>Told about retries and rate-limit waits, for progress output; never given secrets.</summary>
    public Action<string>? Notice { get; init; }

    public override string ToString() => $"StravaClientOptions({BaseAddress}, client {ClientId})";
}
