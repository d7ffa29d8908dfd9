namespace Strava.Sandbox;

/// <summary>
/// The sandbox's notion of now. It follows the system clock until a test sets or advances it; from then on it
/// stands still, so rate-limit windows, token expiry and which activities exist are all under the test's control.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _fixed;

    private SandboxClock(DateTimeOffset? start) => _fixed = start;

    /// <summary>A clock that reads the system time.</summary>
    public static SandboxClock FromSystem() => new(null);

    /// <summary>A clock frozen at <paramref name="start"/> until moved.</summary>
    public static SandboxClock At(DateTimeOffset start) => new(start.ToUniversalTime());

    public bool IsManual
    {
        get
        {
            lock (_gate)
            {
                return _fixed is not null;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _fixed ?? base.GetUtcNow();
        }
    }

    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            _fixed = now.ToUniversalTime();
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _fixed = (_fixed ?? base.GetUtcNow()) + by;
        }
    }
}
