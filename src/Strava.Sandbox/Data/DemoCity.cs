namespace Strava.Sandbox.Data;

/// <summary>A real city the demo athletes live in and train around.</summary>
public sealed record DemoCity(string Name, string State, string Country, double Latitude, double Longitude, string TimeZoneId, int StandardOffsetHours)
{
    public static readonly IReadOnlyList<DemoCity> All =
    [
        new("New York", "NY", "United States", 40.7812, -73.9665, "America/New_York", -5),
        new("Boulder", "CO", "United States", 40.0150, -105.2705, "America/Denver", -7),
        new("London", "England", "United Kingdom", 51.5072, -0.1276, "Europe/London", 0),
        new("Berlin", "Berlin", "Germany", 52.5200, 13.4050, "Europe/Berlin", 1),
        new("Sydney", "NSW", "Australia", -33.8688, 151.2093, "Australia/Sydney", 10),
        new("San Francisco", "CA", "United States", 37.7749, -122.4194, "America/Los_Angeles", -8),
        new("Amsterdam", "North Holland", "Netherlands", 52.3676, 4.9041, "Europe/Amsterdam", 1),
    ];

    /// <summary>Strava's label, e.g. <c>(GMT-05:00) America/New_York</c>.</summary>
    public string TimeZoneLabel =>
        $"(GMT{(StandardOffsetHours < 0 ? '-' : '+')}{Math.Abs(StandardOffsetHours):00}:00) {TimeZoneId}";

    /// <summary>The offset from UTC at <paramref name="instant"/>, daylight saving included when the system knows the zone.</summary>
    public TimeSpan OffsetAt(DateTimeOffset instant)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId).GetUtcOffset(instant);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeSpan.FromHours(StandardOffsetHours);
        }
    }
}
