namespace Strava.Sandbox.Data;

/// <summary>One generated activity in the shape of Strava's SummaryActivity (plus the few detail-only fields the sandbox serves).</summary>
public sealed record DemoActivity
{
    public required long Id { get; init; }
    public required long AthleteId { get; init; }
    public required string Name { get; init; }
    public required SportProfile Sport { get; init; }
    public string SportType { get; init; } = string.Empty;
    public double Distance { get; init; }
    public int MovingTime { get; init; }
    public int ElapsedTime { get; init; }
    public double TotalElevationGain { get; init; }

    /// <summary>Null is sent as <c>null</c>; <see cref="WorkoutTypeAbsent"/> leaves the field out, as Strava does for some activities.</summary>
    public int? WorkoutType { get; init; }
    public bool WorkoutTypeAbsent { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public required DateTime StartDateLocal { get; init; }
    public required DemoCity City { get; init; }
    public double UtcOffset { get; init; }
    public int AchievementCount { get; init; }
    public int KudosCount { get; init; }
    public int CommentCount { get; init; }
    public int AthleteCount { get; init; } = 1;
    public int PhotoCount { get; init; }
    public int TotalPhotoCount { get; init; }
    public int PrCount { get; init; }
    public string SummaryPolyline { get; init; } = string.Empty;
    public (double Lat, double Lng)? Start { get; init; }
    public (double Lat, double Lng)? End { get; init; }
    public bool Trainer { get; init; }
    public bool Commute { get; init; }
    public bool Manual { get; init; }
    public string Visibility { get; init; } = "everyone";
    public string? GearId { get; init; }
    public double AverageSpeed { get; init; }
    public double MaxSpeed { get; init; }
    public double? AverageCadence { get; init; }
    public double? AverageWatts { get; init; }
    public double? Kilojoules { get; init; }
    public bool? DeviceWatts { get; init; }
    public int? MaxWatts { get; init; }
    public int? WeightedAverageWatts { get; init; }
    public int? AverageTemp { get; init; }
    public bool HasHeartrate { get; init; }
    public double? AverageHeartrate { get; init; }
    public double? MaxHeartrate { get; init; }
    public double? ElevHigh { get; init; }
    public double? ElevLow { get; init; }
    public long? UploadId { get; init; }
    public string? ExternalId { get; init; }
    public double? SufferScore { get; init; }
    public string? Description { get; init; }
    public double Calories { get; init; }

    public bool Private => Visibility == "only_me";

    public long StartEpoch => StartDate.ToUnixTimeSeconds();
}
