namespace Strava.Sandbox.Data;

/// <summary>An athlete's profile from <see cref="From"/> until the next version: they move, their weight changes, they subscribe.</summary>
public sealed record ProfileVersion(DateTimeOffset From, DemoCity City, double Weight, bool Premium)
{
    /// <summary>
    /// The profile changes of one athlete between two days: on days picked by the seed (about every five months) the
    /// athlete may move to another of their cities, their weight drifts and premium toggles. Stable per day, so a
    /// sandbox started later shows the same profile for the same day.
    /// </summary>
    public static IReadOnlyList<ProfileVersion> Timeline(DemoAthlete athlete, int seed, DateOnly first, DateOnly last)
    {
        var versions = new List<ProfileVersion>
        {
            new(DateTimeOffset.MinValue, athlete.Cities[0], athlete.BaseWeight, Premium: false),
        };
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var h = Mix.Hash(seed, athlete.Index, 7, day.DayNumber);
            if (h % 150 != 0)
            {
                continue;
            }

            var city = athlete.Cities[(int)((h >> 24) % (ulong)athlete.Cities.Count)];
            var weight = Math.Round(athlete.BaseWeight + ((int)((h >> 8) % 41) - 20) / 10.0, 1);
            versions.Add(new(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), city, weight, ((h >> 16) & 1) == 1));
        }

        return versions;
    }

    public static ProfileVersion At(IReadOnlyList<ProfileVersion> timeline, DateTimeOffset instant)
    {
        var current = timeline[0];
        foreach (var version in timeline)
        {
            if (version.From > instant)
            {
                break;
            }

            current = version;
        }

        return current;
    }
}
