namespace Strava.Sandbox.Data;

/// <summary>
/// Makes one activity of one athlete on one day, and the edits that follow it, from a seeded random source:
/// the same (seed, athlete, day, slot) always gives the same activity.
/// </summary>
public static class ActivityGenerator
{
    private static readonly DateOnly Epoch = new(2000, 1, 1);

    /// <summary>
    /// The four named athletes keep their ids (recorded in tests and demos); the generated crowd after them
    /// (<see cref="DemoAthletes.Crowd"/>) gets a range of its own, ten slots a day each.
    /// </summary>
    public static long ActivityId(DemoAthlete athlete, DateOnly day, int slot) => athlete.Index < DemoAthletes.NamedCount
        ? 9_000_000_000L + (day.DayNumber - Epoch.DayNumber) * 10_000L + athlete.Index * 1_000L + slot
        : 20_000_000_000L + athlete.Index * 10_000_000L + (day.DayNumber - Epoch.DayNumber) * 10L + slot;

    public static (DemoActivity Activity, IReadOnlyList<ActivityEdit> Edits) Create(
        DemoAthlete athlete, int seed, DateOnly day, int slot, int slotsThatDay, ProfileVersion profile)
    {
        var id = ActivityId(athlete, day, slot);
        var rng = new Random(Mix.Seed(seed, id));
        var sport = Pick(rng, athlete.Sports);
        var city = profile.City;

        // Spread the day's activities over 05:00–22:00 local time, so start dates strictly increase.
        var segment = 17 * 60 / Math.Max(1, slotsThatDay);
        var local = day.ToDateTime(new TimeOnly(5, 0)).AddMinutes((slot * segment) + rng.Next(Math.Max(1, segment / 2)));
        var offset = city.OffsetAt(new DateTimeOffset(local, TimeSpan.Zero).AddHours(-city.StandardOffsetHours));
        var start = new DateTimeOffset(local, offset).ToUniversalTime();

        var manual = !sport.Trainer && rng.NextDouble() < 0.06;
        var gps = sport.Gps && !manual;
        var km = sport.MaxKm <= 0 ? 0 : sport.MinKm + ((sport.MaxKm - sport.MinKm) * Math.Pow(rng.NextDouble(), 1.6));
        var speed = sport.MaxSpeed <= 0 ? 0 : sport.MinSpeed + ((sport.MaxSpeed - sport.MinSpeed) * rng.NextDouble());
        var moving = speed > 0 ? (int)(km * 1000 / speed) : 1800 + rng.Next(2700);
        var elapsed = moving + (manual ? 0 : rng.Next(moving / 7 + 1));
        var elevation = sport.Trainer && sport.SportType == "Ride" ? 0 : Math.Round(km * sport.ElevationPerKm * (0.5 + rng.NextDouble()), 1);
        var heart = !manual && sport.SportType != "Walk" && rng.NextDouble() < 0.85;
        var avgHr = heart ? Math.Round(118 + (rng.NextDouble() * 48), 1) : (double?)null;
        var power = sport.Power && !manual;
        var meter = power && (sport.Trainer || rng.NextDouble() < 0.5);
        var watts = power ? Math.Round(140 + (rng.NextDouble() * 120), 1) : (double?)null;
        var workoutType = WorkoutType(rng, sport, km, out var workoutAbsent);
        var upload = manual ? (long?)null : id + 1_234_567_891L;
        (string Polyline, (double, double) Start, (double, double) End)? route = gps ? Route(rng, city, km) : null;
        var hour = local.Hour;
        var name = workoutType == 1 ? $"{city.Name} {sport.Noun} Race" : $"{PartOfDay(hour)} {sport.Noun}";

        var activity = new DemoActivity
        {
            Id = id,
            AthleteId = athlete.Id,
            Name = name,
            Sport = sport,
            SportType = sport.SportType,
            Distance = Math.Round(km * 1000, 1),
            MovingTime = moving,
            ElapsedTime = elapsed,
            TotalElevationGain = elevation,
            WorkoutType = workoutType,
            WorkoutTypeAbsent = workoutAbsent,
            StartDate = start,
            StartDateLocal = local,
            City = city,
            UtcOffset = offset.TotalSeconds,
            AchievementCount = gps ? rng.Next(8) : 0,
            KudosCount = rng.Next(12),
            CommentCount = rng.Next(10) < 8 ? 0 : rng.Next(1, 4),
            AthleteCount = rng.Next(10) < 8 ? 1 : rng.Next(2, 6),
            PhotoCount = 0,
            TotalPhotoCount = rng.Next(10) < 8 ? 0 : rng.Next(1, 5),
            PrCount = gps ? rng.Next(4) : 0,
            SummaryPolyline = route?.Polyline ?? string.Empty,
            Start = route?.Start,
            End = route?.End,
            Trainer = sport.Trainer,
            Commute = gps && hour is >= 7 and <= 9 && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && rng.NextDouble() < 0.3,
            Manual = manual,
            Visibility = rng.Next(20) switch { 0 => "only_me", 1 or 2 => "followers_only", _ => "everyone" },
            GearId = sport.Gear is { } g ? $"{g}{(athlete.Id % 100_000 * 10) + 1 + rng.Next(2)}" : null,
            AverageSpeed = Math.Round(speed, 3),
            MaxSpeed = speed > 0 ? Math.Round(speed * (1.2 + (rng.NextDouble() * 0.6)), 1) : 0,
            AverageCadence = !manual && (sport.Type is "Run" or "Ride") ? Math.Round(sport.Type == "Run" ? 78 + (rng.NextDouble() * 14) : 75 + (rng.NextDouble() * 20), 1) : null,
            AverageWatts = watts,
            Kilojoules = watts is { } w ? Math.Round(w * moving / 1000, 1) : null,
            DeviceWatts = power ? meter : null,
            MaxWatts = meter ? 500 + rng.Next(500) : null,
            WeightedAverageWatts = meter ? (int)(watts!.Value + 5 + rng.Next(15)) : null,
            AverageTemp = gps && rng.NextDouble() < 0.6 ? 5 + rng.Next(26) : null,
            HasHeartrate = heart,
            AverageHeartrate = avgHr,
            MaxHeartrate = avgHr is { } hr ? Math.Round(hr + 10 + rng.Next(25)) : null,
            ElevLow = gps ? Math.Round(rng.NextDouble() * 50, 1) : null,
            ElevHigh = gps ? Math.Round((rng.NextDouble() * 50) + (elevation * 0.3) + 5, 1) : null,
            UploadId = upload,
            ExternalId = upload is { } u ? (rng.Next(2) == 0 ? $"garmin_ping_{u}" : $"{u}.fit") : null,
            SufferScore = heart ? 10 + rng.Next(240) : null,
            Description = rng.Next(5) == 0 ? "Felt good today." : null,
            Calories = Math.Round(moving / 60.0 * (6 + (rng.NextDouble() * 8)), 1),
        };
        return (activity, Edits(rng, activity));
    }

    private static IReadOnlyList<ActivityEdit> Edits(Random rng, DemoActivity activity)
    {
        var edits = new List<ActivityEdit>();
        if (rng.NextDouble() < 0.35)
        {
            edits.Add(new ActivityEdit(activity.StartDate.AddHours(2 + rng.Next(46)), activity.Id) { KudosDelta = 1 + rng.Next(6) });
        }

        if (rng.NextDouble() < 0.08)
        {
            edits.Add(new ActivityEdit(activity.StartDate.AddHours(1 + rng.Next(24)), activity.Id) { Name = $"{activity.Name} with friends" });
        }

        if (activity.Sport.SportType is "Run" or "Ride" && !activity.Trainer && rng.NextDouble() < 0.03)
        {
            var corrected = activity.Sport.SportType == "Run" ? "TrailRun" : "GravelRide";
            edits.Add(new ActivityEdit(activity.StartDate.AddHours(3), activity.Id) { SportType = corrected });
        }

        if (rng.NextDouble() < 0.02)
        {
            edits.Add(new ActivityEdit(activity.StartDate.AddHours(5), activity.Id) { Visibility = "only_me" });
        }

        return edits;
    }

    private static int? WorkoutType(Random rng, SportProfile sport, double km, out bool absent)
    {
        absent = false;
        var roll = rng.Next(100);
        if (sport.Type == "Run")
        {
            return roll switch
            {
                < 5 => 1,
                < 15 when km > 16 => 2,
                < 25 => 3,
                < 35 => null,
                < 55 => Absent(out absent),
                _ => 0,
            };
        }

        if (sport.Type == "Ride")
        {
            return roll switch { < 10 => 12, < 20 => null, < 40 => Absent(out absent), _ => 10 };
        }

        return roll < 50 ? null : Absent(out absent);
    }

    private static int? Absent(out bool absent)
    {
        absent = true;
        return null;
    }

    private static (string Polyline, (double, double) Start, (double, double) End) Route(Random rng, DemoCity city, double km)
    {
        var centreLat = city.Latitude + ((rng.NextDouble() - 0.5) * 0.06);
        var centreLng = city.Longitude + ((rng.NextDouble() - 0.5) * 0.06);
        var radiusKm = Math.Max(0.2, km / (2 * Math.PI));
        const int Points = 24;
        var phase = rng.NextDouble() * 2 * Math.PI;
        var points = new List<(double, double)>(Points + 1);
        for (var i = 0; i <= Points; i++)
        {
            var angle = phase + (2 * Math.PI * i / Points);
            var r = radiusKm * (0.85 + (rng.NextDouble() * 0.3));
            var lat = centreLat + (r / 111.0 * Math.Sin(angle));
            var lng = centreLng + (r / (111.0 * Math.Cos(centreLat * Math.PI / 180)) * Math.Cos(angle));
            points.Add((Math.Round(lat, 5), Math.Round(lng, 5)));
        }

        return (Polyline.Encode(points), points[0], points[^1]);
    }

    private static string PartOfDay(int hour) => hour switch
    {
        < 5 => "Night",
        < 12 => "Morning",
        < 14 => "Lunch",
        < 18 => "Afternoon",
        _ => "Evening",
    };

    private static SportProfile Pick(Random rng, IReadOnlyList<(SportProfile Sport, int Weight)> sports)
    {
        var roll = rng.Next(sports.Sum(s => s.Weight));
        foreach (var (sport, weight) in sports)
        {
            if (roll < weight)
            {
                return sport;
            }

            roll -= weight;
        }

        return sports[^1].Sport;
    }
}
