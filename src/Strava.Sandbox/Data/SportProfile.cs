namespace Strava.Sandbox.Data;

/// <summary>How one kind of activity looks: its Strava types, plausible distances and speeds, and which sensors it has.</summary>
public sealed record SportProfile(
    string SportType,
    string Type,
    string Noun,
    double MinKm,
    double MaxKm,
    double MinSpeed,
    double MaxSpeed,
    double ElevationPerKm,
    bool Gps,
    bool Trainer,
    bool Power,
    char? Gear)
{
    public static readonly SportProfile Run = new("Run", "Run", "Run", 4, 24, 2.6, 3.7, 8, true, false, false, 'g');
    public static readonly SportProfile TrailRun = new("TrailRun", "Run", "Trail Run", 6, 28, 2.0, 3.0, 35, true, false, false, 'g');
    public static readonly SportProfile Walk = new("Walk", "Walk", "Walk", 1.5, 8, 1.2, 1.6, 5, true, false, false, null);
    public static readonly SportProfile Hike = new("Hike", "Hike", "Hike", 5, 22, 0.9, 1.4, 60, true, false, false, 'g');
    public static readonly SportProfile Ride = new("Ride", "Ride", "Ride", 15, 140, 5.5, 9.0, 9, true, false, true, 'b');
    public static readonly SportProfile GravelRide = new("GravelRide", "Ride", "Gravel Ride", 20, 90, 5.0, 7.5, 14, true, false, true, 'b');
    public static readonly SportProfile TrainerRide = new("Ride", "Ride", "Indoor Ride", 15, 50, 7.0, 9.5, 0, false, true, true, 'b');
    public static readonly SportProfile VirtualRide = new("VirtualRide", "VirtualRide", "Zwift Ride", 15, 60, 7.5, 10.0, 10, false, true, true, 'b');
    public static readonly SportProfile Swim = new("Swim", "Swim", "Swim", 1, 4, 0.6, 1.0, 0, false, false, false, null);
    public static readonly SportProfile WeightTraining = new("WeightTraining", "WeightTraining", "Weight Training", 0, 0, 0, 0, 0, false, false, false, null);
    public static readonly SportProfile Workout = new("Workout", "Workout", "Workout", 0, 0, 0, 0, 0, false, false, false, null);
    public static readonly SportProfile Yoga = new("Yoga", "Yoga", "Yoga", 0, 0, 0, 0, 0, false, false, false, null);
}
