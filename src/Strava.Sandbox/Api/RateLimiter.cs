namespace Strava.Sandbox.Api;

/// <summary>
/// Strava's per-application limits: a 15-minute window reset at :00, :15, :30 and :45, and a daily window reset at
/// midnight UTC. Every API request counts, rejected ones too ("requests violating the short term limit will still
/// count toward the long term limit"); a request that takes usage past a limit is answered 429.
/// </summary>
public sealed class RateLimiter(SandboxOptions options)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _quarter = DateTimeOffset.MinValue;
    private DateTimeOffset _day = DateTimeOffset.MinValue;
    private int _usage15;
    private int _usageDaily;
    private int _rejected;

    /// <summary>How many requests were answered 429 since the sandbox started.</summary>
    public int Rejected
    {
        get
        {
            lock (_gate)
            {
                return _rejected;
            }
        }
    }

    public static DateTimeOffset QuarterStart(DateTimeOffset now) =>
        new(now.Year, now.Month, now.Day, now.Hour, now.Minute / 15 * 15, 0, TimeSpan.Zero);

    /// <summary>Counts one request at <paramref name="now"/>; returns whether it is allowed and the four headers' values.</summary>
    public (bool Allowed, IReadOnlyList<KeyValuePair<string, string>> Headers) Count(DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        lock (_gate)
        {
            var quarter = QuarterStart(now);
            if (quarter != _quarter)
            {
                _quarter = quarter;
                _usage15 = 0;
            }

            var day = new DateTimeOffset(now.Date, TimeSpan.Zero);
            if (day != _day)
            {
                _day = day;
                _usageDaily = 0;
            }

            _usage15++;
            _usageDaily++;
            var allowed = _usage15 <= Math.Min(options.ReadLimit15Min, options.OverallLimit15Min)
                && _usageDaily <= Math.Min(options.ReadLimitDaily, options.OverallLimitDaily);
            if (!allowed)
            {
                _rejected++;
            }

            // Spelled as the recorded responses spell them; HTTP header names are case-insensitive.
            var usage = $"{_usage15},{_usageDaily}";
            return (allowed,
            [
                new("X-Ratelimit-Limit", $"{options.OverallLimit15Min},{options.OverallLimitDaily}"),
                new("X-Ratelimit-Usage", usage),
                new("X-Readratelimit-Limit", $"{options.ReadLimit15Min},{options.ReadLimitDaily}"),
                new("X-Readratelimit-Usage", usage),
            ]);
        }
    }
}
