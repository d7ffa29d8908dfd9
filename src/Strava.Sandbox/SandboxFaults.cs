namespace Strava.Sandbox;

/// <summary>
/// Fault injection for the API endpoints (<c>/api/v3/*</c>), counted down request by request so tests are
/// deterministic: each knob says how many of the next requests misbehave in that way. Thread-safe.
/// </summary>
public sealed class SandboxFaults
{
    private int _serverErrors;
    private int _serverErrorsAfter;
    private int _slowResponses;
    private int _truncatedResponses;
    private int _malformedResponses;
    private int _rejectedTokens;

    /// <summary>How long a slow response takes before its first byte.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The next <paramref name="count"/> API requests get a 5xx (500, 502 or 503 in turn).</summary>
    public void ServerErrorBurst(int count) => ServerErrorBurst(count, after: 0);

    /// <summary>
    /// The <paramref name="count"/> API requests after the next <paramref name="after"/> get a 5xx: a fault placed at a
    /// request of the run, whatever the client does between its requests.
    /// </summary>
    public void ServerErrorBurst(int count, int after)
    {
        Interlocked.Exchange(ref _serverErrorsAfter, after);
        Interlocked.Exchange(ref _serverErrors, count);
    }

    /// <summary>The next <paramref name="count"/> API requests wait <see cref="SlowDelay"/> before answering.</summary>
    public void SlowResponses(int count) => Interlocked.Exchange(ref _slowResponses, count);

    /// <summary>The next <paramref name="count"/> API responses stop half-way through their JSON body.</summary>
    public void TruncatedResponses(int count) => Interlocked.Exchange(ref _truncatedResponses, count);

    /// <summary>The next <paramref name="count"/> API responses carry a 200 with a body that is not JSON.</summary>
    public void MalformedResponses(int count) => Interlocked.Exchange(ref _malformedResponses, count);

    /// <summary>The next <paramref name="count"/> API requests get a 401 although their access token is valid.</summary>
    public void RejectValidTokens(int count) => Interlocked.Exchange(ref _rejectedTokens, count);

    /// <summary>Clears every knob.</summary>
    public void Reset()
    {
        ServerErrorBurst(0);
        SlowResponses(0);
        TruncatedResponses(0);
        MalformedResponses(0);
        RejectValidTokens(0);
    }

    internal bool TakeServerError() => !Take(ref _serverErrorsAfter) && Take(ref _serverErrors);

    internal bool TakeSlow() => Take(ref _slowResponses);

    internal bool TakeTruncated() => Take(ref _truncatedResponses);

    internal bool TakeMalformed() => Take(ref _malformedResponses);

    internal bool TakeRejectedToken() => Take(ref _rejectedTokens);

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
