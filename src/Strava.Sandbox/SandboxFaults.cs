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
    private Rendezvous? _rendezvous;

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

    /// <summary>
    /// The <paramref name="parties"/> API requests after the next <paramref name="after"/> each wait until all of them
    /// have arrived, so they are in flight at once, or until <paramref name="timeout"/> passes (a client that sends one
    /// request at a time never meets it, and its requests go on after the timeout). <see cref="RendezvousMet"/> says
    /// whether they met: a deterministic test that requests really overlap, without measuring time.
    /// </summary>
    public void HoldUntilTogether(int parties, TimeSpan timeout, int after = 0) =>
        Interlocked.Exchange(ref _rendezvous, new Rendezvous(parties, timeout, after));

    /// <summary>Whether the requests held by <see cref="HoldUntilTogether"/> all arrived while the first was held.</summary>
    public bool RendezvousMet => Volatile.Read(ref _rendezvous)?.Met.Task.IsCompletedSuccessfully == true;

    /// <summary>Clears every knob.</summary>
    public void Reset()
    {
        ServerErrorBurst(0);
        SlowResponses(0);
        TruncatedResponses(0);
        MalformedResponses(0);
        RejectValidTokens(0);
        Interlocked.Exchange(ref _rendezvous, null);
    }

    /// <summary>Holds an API request while a rendezvous set by <see cref="HoldUntilTogether"/> waits for its parties.</summary>
    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _rendezvous) is not { } rendezvous)
        {
            return;
        }

        var arrived = Interlocked.Increment(ref rendezvous.Arrived) - rendezvous.After;
        if (arrived <= 0 || arrived > rendezvous.Parties)
        {
            return;
        }

        if (arrived == rendezvous.Parties)
        {
            rendezvous.Met.TrySetResult();
        }

        try
        {
            await rendezvous.Met.Task.WaitAsync(rendezvous.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not met: later requests pass without waiting.
            Interlocked.Exchange(ref rendezvous.Arrived, int.MaxValue / 2);
        }
    }

    internal bool TakeServerError() => !Take(ref _serverErrorsAfter) && Take(ref _serverErrors);

    internal bool TakeSlow() => Take(ref _slowResponses);

    internal bool TakeTruncated() => Take(ref _truncatedResponses);

    internal bool TakeMalformed() => Take(ref _malformedResponses);

    internal bool TakeRejectedToken() => Take(ref _rejectedTokens);

    private sealed class Rendezvous(int parties, TimeSpan timeout, int after)
    {
        public int Arrived;

        public int Parties { get; } = parties;

        public TimeSpan Timeout { get; } = timeout;

        public int After { get; } = after;

        public TaskCompletionSource Met { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
