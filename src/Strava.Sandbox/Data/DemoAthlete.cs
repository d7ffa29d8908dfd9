namespace Strava.Sandbox.Data;

/// <summary>
/// A demo athlete: who they are, which sports they do, the cities they live in over time, and the refresh token
/// the sandbox accepts for them when it starts.
/// </summary>
public sealed record DemoAthlete(
    int Index,
    long Id,
    string Name,
    string FirstName,
    string LastName,
    string Sex,
    double BaseWeight,
    IReadOnlyList<DemoCity> Cities,
    IReadOnlyList<(SportProfile Sport, int Weight)> Sports)
{
    /// <summary>The refresh token the sandbox accepts for this athlete when it starts (rotated on first use).</summary>
    public string InitialRefreshToken { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }
}
