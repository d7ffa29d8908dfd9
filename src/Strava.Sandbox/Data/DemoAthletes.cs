namespace Strava.Sandbox.Data;

/// <summary>
/// The cast of demo athletes; the first <see cref="SandboxOptions.Athletes"/> are used. Four are named; beyond them a
/// generated crowd (<c>athlete0004</c>, ...) borrows their sports and cities, for benchmarks of many athletes under
/// one application's rate limits.
/// </summary>
public static class DemoAthletes
{
    public const int NamedCount = 4;

    public const int MaxCount = 1_000;

    public static IReadOnlyList<DemoAthlete> Create(int count, int seed)
    {
        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the sandbox has 1 to {MaxCount} demo athletes");
        }

        var c = DemoCity.All;
        DemoAthlete[] cast =
        [
            new(0, 26_462_176, "alice", "Alice", "Moreau", "F", 58.5, [c[0], c[2]],
                [(SportProfile.Run, 50), (SportProfile.TrailRun, 8), (SportProfile.Walk, 10), (SportProfile.Ride, 8), (SportProfile.Swim, 8), (SportProfile.WeightTraining, 8), (SportProfile.Hike, 4), (SportProfile.Yoga, 4)]),
            new(1, 3_100_452_987, "bruno", "Bruno", "Keller", "M", 74.0, [c[1], c[3], c[6]],
                [(SportProfile.Ride, 35), (SportProfile.TrainerRide, 12), (SportProfile.VirtualRide, 12), (SportProfile.GravelRide, 6), (SportProfile.Run, 15), (SportProfile.Swim, 10), (SportProfile.Workout, 6), (SportProfile.Hike, 4)]),
            new(2, 8_812_003, "chen", "Chen", "Wei", "M", 66.0, [c[4]],
                [(SportProfile.Run, 30), (SportProfile.Swim, 30), (SportProfile.Ride, 30), (SportProfile.Walk, 10)]),
            new(3, 15_277_310, "dana", "Dana", "Okafor", "F", 61.2, [c[5], c[2]],
                [(SportProfile.Hike, 25), (SportProfile.Run, 25), (SportProfile.Walk, 25), (SportProfile.Ride, 25)]),
        ];
        return cast.Concat(Crowd(cast, count)).Take(count)
            .Select(a => a with
            {
                InitialRefreshToken = $"sandbox-{a.Name}-{Mix.Hex(seed, a.Index, 1)}",
                CreatedAt = new DateTimeOffset(2014 + (a.Index % NamedCount), 3 + (a.Index % NamedCount), 11, 19, 5, 35, TimeSpan.Zero),
            })
            .ToArray();
    }

    /// <summary>Athletes after the named ones: each like a named one (sports, cities, sex), with its own id and name.</summary>
    private static IEnumerable<DemoAthlete> Crowd(DemoAthlete[] cast, int count)
    {
        for (var i = NamedCount; i < count; i++)
        {
            var model = cast[i % NamedCount];
            var name = $"athlete{i:D4}";
            yield return model with
            {
                Index = i,
                Id = 200_000_000L + (i * 7_919L),
                Name = name,
                FirstName = "Athlete",
                LastName = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                BaseWeight = model.BaseWeight + (i % 7) - 3,
            };
        }
    }
}
