using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Engine.Connectors.Strava.Api;

/// <summary>
/// What is left of the application's Strava rate limits, read from the headers of every API response
/// (<c>X-RateLimit-Limit/Usage</c> and <c>X-ReadRateLimit-Limit/Usage</c>, "15-minute,daily", names matched
/// case-insensitively). Time comes from the responses' <c>Date</c> header, so the reset is computed on the server's
/// clock: the next quarter hour, or midnight UTC when the daily limit is used up. Athletes extracted at once share it:
/// a request is sent only against budget that no other request in flight has reserved (<see cref="Reserve"/>), and an
/// answer that arrives after a later one of the same window cannot raise what is left.
/// </summary>
public sealed class RateLimitBudget
{
    /// <summary>Added to every wait: the Date header has whole seconds, so one more makes sure the server's window has turned.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceDate = new();
    private int? _remaining15;
    private int? _remainingDaily;
    private DateTimeOffset? _serverDate;
    private DateTimeOffset? _usageDate;
    private int _inFlight;
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests left in the current 15-minute window (the lower of the overall and read limits), when known.</summary>
    public int? Remaining15Min
    {
        get
        {
            lock (_gate)
            {
                return _remaining15;
            }
        }
    }

    public int? RemainingDaily
    {
        get
        {
            lock (_gate)
            {
                return _remainingDaily;
            }
        }
    }

    public void Observe(HttpResponseHeaders headers)
    {
        (int, int)? limit = null, usage = null, readLimit = null, readUsage = null;
        foreach (var (name, values) in headers)
        {
            var value = string.Join(',', values);
            if (name.Equals("X-RateLimit-Limit", StringComparison.OrdinalIgnoreCase))
            {
                limit = Pair(value);
            }
            else if (name.Equals("X-RateLimit-Usage", StringComparison.OrdinalIgnoreCase))
            {
                usage = Pair(value);
            }
            else if (name.Equals("X-ReadRateLimit-Limit", StringComparison.OrdinalIgnoreCase))
            {
                readLimit = Pair(value);
            }
            else if (name.Equals("X-ReadRateLimit-Usage", StringComparison.OrdinalIgnoreCase))
            {
                readUsage = Pair(value);
            }
        }

        lock (_gate)
        {
            var date = headers.Date;
            if (date is { } d)
            {
                _serverDate = d;
                _sinceDate.Restart();
            }

            if (limit is { } l && usage is { } u)
            {
                var (r15, rDay) = (l.Item1 - u.Item1, l.Item2 - u.Item2);
                if (readLimit is { } rl && readUsage is { } ru)
                {
                    r15 = Math.Min(r15, rl.Item1 - ru.Item1);
                    rDay = Math.Min(rDay, rl.Item2 - ru.Item2);
                }

                // Usage only grows within a window, so of two answers from one window the lower remainder is the later
                // count, whichever arrived last; an answer from an earlier window than the one held is stale.
                var (sameQuarter, sameDay, older) = (date, _usageDate) is ({ } at, { } held)
                    ? (QuarterStart(at) == QuarterStart(held), at.UtcDateTime.Date == held.UtcDateTime.Date, QuarterStart(at) < QuarterStart(held))
                    : (false, false, false);
                if (!older)
                {
                    _remaining15 = sameQuarter && _remaining15 is { } held15 ? Math.Min(held15, r15) : r15;
                    _remainingDaily = sameDay && _remainingDaily is { } heldDay ? Math.Min(heldDay, rDay) : rDay;
                    _usageDate = date is { } at2 && !(at2 < _usageDate) ? at2 : _usageDate;
                }
            }
        }
    }

    /// <summary>
    /// Takes one request of the budget for a request about to be sent (<see cref="Release"/> when its answer is in):
    /// Wait is zero when it was taken. Otherwise, while requests of others are in flight (the budget is short, or not
    /// known yet), Pending completes when one of them is answered (its headers tell what is really left); with none in
    /// flight, Wait is the time to the reset.
    /// </summary>
    public (TimeSpan Wait, bool Daily, Task? Pending) Reserve()
    {
        lock (_gate)
        {
            // Until an answer says what is left (a run's first request, the first after a reset), one request goes alone:
            // the budget may be nearly spent by an earlier run.
            var unknown = _remaining15 is null && _inFlight > 0;
            if (!unknown && !(_remainingDaily - _inFlight <= 0) && !(_remaining15 - _inFlight <= 0))
            {
                _inFlight++;
                return (TimeSpan.Zero, false, null);
            }

            if (_inFlight > 0)
            {
                return (TimeSpan.Zero, _remainingDaily - _inFlight <= 0, _settled.Task);
            }

            var (wait, daily) = Check();
            return (wait, daily, null);
        }
    }

    /// <summary>A request reserved with <see cref="Reserve"/> was answered (or failed).</summary>
    public void Release()
    {
        TaskCompletionSource settled;
        lock (_gate)
        {
            _inFlight--;
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        settled.TrySetResult();
    }

    /// <summary>After a 429: the window is used up whatever the headers said.</summary>
    public void MarkExhausted()
    {
        lock (_gate)
        {
            _remaining15 = Math.Min(_remaining15 ?? 0, 0);
        }
    }

    /// <summary>How long to wait before the next request may be sent; zero when there is budget (or nothing is known yet).</summary>
    public (TimeSpan Wait, bool Daily) Check()
    {
        lock (_gate)
        {
            var daily = _remainingDaily <= 0;
            if (!daily && !(_remaining15 <= 0))
            {
                return (TimeSpan.Zero, false);
            }

            var now = ServerNow();
            var reset = daily
                ? new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero)
                : new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute / 15 * 15, 0, TimeSpan.Zero).AddMinutes(15);

            return (reset - now + Margin, daily);
        }
    }

    /// <summary>After waiting for a reset: the usage is unknown until the next response says it.</summary>
    public void Reset(bool daily)
    {
        lock (_gate)
        {
            _remaining15 = null;
            if (daily)
            {
                _remainingDaily = null;
            }

            if (_serverDate is { } date)
            {
                _serverDate = date + _sinceDate.Elapsed;
                _sinceDate.Restart();
            }
        }
    }

    private static DateTimeOffset QuarterStart(DateTimeOffset at) =>
        new(at.Year, at.Month, at.Day, at.Hour, at.Minute / 15 * 15, 0, at.Offset);

    private DateTimeOffset ServerNow() => (_serverDate ?? DateTimeOffset.UtcNow) + _sinceDate.Elapsed;

    private static (int, int)? Pair(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            ? (a, b)
            : null;
    }
}
