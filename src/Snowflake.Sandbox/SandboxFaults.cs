namespace Snowflake.Sandbox;

/// <summary>Failures tests ask for: the next requests throttled (429) or the service unavailable (503).</summary>
public sealed class SandboxFaults
{
    private int _throttle;
    private int _unavailable;

    /// <summary>The next <paramref name="count"/> statement submissions get 429 Too Many Requests.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttle, count);

    /// <summary>The next <paramref name="count"/> statement submissions get 503 Service Unavailable.</summary>
    public void UnavailableNext(int count) => Interlocked.Exchange(ref _unavailable, count);

    internal int? TakeStatus()
    {
        if (Take(ref _throttle))
        {
            return 429;
        }

        return Take(ref _unavailable) ? 503 : null;
    }

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
