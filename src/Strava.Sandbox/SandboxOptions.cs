namespace Strava.Sandbox;

/// <summary>How a sandbox server is set up: its data, its application credentials and its rate limits.</summary>
public sealed record SandboxOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Seeds every generated value: the same seed gives the same athletes, activities, edits and tokens.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many demo athletes (at most <see cref="Data.DemoAthletes.MaxCount"/>).</summary>
    public int Athletes { get; init; } = 2;

    /// <summary>How many days of history end at the clock's start date.</summary>
    public int HistoryDays { get; init; } = 730;

    /// <summary>
    /// Days of activities generated after the clock's start date; they appear as the clock passes them, so moving the
    /// clock forward gives incremental extracts something new to find.
    /// </summary>
    public int FutureDays { get; init; } = 60;

    /// <summary>An exact number of activities per athlete over the history, spread evenly (tests and benchmarks); null for a natural 0–2 a day.</summary>
    public int? ActivitiesPerAthlete { get; init; }

    public SandboxClock Clock { get; init; } = SandboxClock.FromSystem();

    public string ClientId { get; init; } = "5150";

    public string ClientSecret { get; init; } = "sandbox-client-secret";

    /// <summary>The overall limits: requests per 15 minutes and per day (Strava's defaults).</summary>
    public int OverallLimit15Min { get; init; } = 200;

    public int OverallLimitDaily { get; init; } = 2000;

    /// <summary>The read (non-upload) limits: requests per 15 minutes and per day (Strava's defaults).</summary>
    public int ReadLimit15Min { get; init; } = 100;

    public int ReadLimitDaily { get; init; } = 1000;

    /// <summary>Access tokens expire this long after they are issued (6 hours on Strava).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(6);

    public SandboxFaults Faults { get; init; } = new();

    /// <summary>
    /// How long every request (API and OAuth) waits before it is answered: the network distance to Strava (100-500 ms a
    /// request), for benchmarks of work that overlaps requests. Zero by default.
    /// </summary>
    public TimeSpan Latency { get; init; }
}
