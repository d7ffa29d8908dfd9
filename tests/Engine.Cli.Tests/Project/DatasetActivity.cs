using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// One Strava activity (SummaryActivity). <see cref="StartDate"/> is UTC; the local start is that instant shifted by
/// <see cref="UtcOffsetHours"/>, as Strava reports it. No GPS (manual entries, indoor rides) means <c>[]</c> latlngs.
/// </summary>
public sealed record DatasetActivity(
    long Id,
    long AthleteId,
    string? Name,
    string? Type,
    string? SportType,
    DateTime StartDate,
    double Distance,
    int MovingTime,
    double Elevation,
    string? City = null,
    string? State = null,
    string? Country = null,
    bool Trainer = false,
    bool Manual = false,
    bool Commute = false,
    bool Gps = true,
    long? UploadId = null,
    string? ExternalId = null,
    int Kudos = 0,
    int UtcOffsetHours = 2)
{
    public DateTime StartDateLocal => DateTime.SpecifyKind(StartDate.AddHours(UtcOffsetHours), DateTimeKind.Unspecified);

    public int ElapsedTime => MovingTime + 60;

    public double AverageSpeed => MovingTime == 0 ? 0 : Distance / MovingTime;

    public double MaxSpeed => AverageSpeed * 1.5;

    public double? ElevHigh => Gps ? 120 + Elevation : null;

    public double? ElevLow => Gps ? 120 : null;

    /// <summary>[lat, lng] near the athlete's city, or null without GPS.</summary>
    public double[]? StartLatLng => Gps ? [45.75 + (Id % 100) / 1000.0, 4.85 + (Id % 7) / 100.0] : null;

    public double[]? EndLatLng => Gps ? [45.76 + (Id % 100) / 1000.0, 4.86 + (Id % 7) / 100.0] : null;

    public JsonObject ToJson() => new()
    {
        ["resource_state"] = 2,
        ["athlete"] = new JsonObject { ["id"] = AthleteId, ["resource_state"] = 1 },
        ["name"] = Name,
        ["distance"] = Distance,
        ["moving_time"] = MovingTime,
        ["elapsed_time"] = ElapsedTime,
        ["total_elevation_gain"] = Elevation,
        ["type"] = Type,
        ["sport_type"] = SportType,
        ["workout_type"] = null,
        ["id"] = Id,
        ["start_date"] = DatasetAthlete.Iso(StartDate),
        ["start_date_local"] = DatasetAthlete.Iso(StartDateLocal),
        ["timezone"] = "(GMT+01:00) Europe/Paris",
        ["utc_offset"] = UtcOffsetHours * 3600.0,
        ["location_city"] = City,
        ["location_state"] = State,
        ["location_country"] = Country,
        ["achievement_count"] = 0,
        ["kudos_count"] = Kudos,
        ["comment_count"] = 0,
        ["athlete_count"] = 1,
        ["photo_count"] = 0,
        ["map"] = new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"a{Id}"),
            ["summary_polyline"] = Gps ? "ki{eFvqfiVqAWQIGEEKAYJgBVqDJ{BHa@jAkNJw@Pw@V{APs@^aABQAOEQGKoJ_FuJkFqAo@{A}@sH{DiAs@Q]?WVy@`@oBt@_CB]KYMMkB{AQEI@WT{BlE{@zAQPI@ICsCqA_BcAeCmAaFmCqIoEcLeG}KcG}A}@cDaBiDsByAkAuBqBi@y@_@o@o@kB}BgIoA_EUkAMcACa@BeBBq@LaAJe@b@uA`@_AdBcD`@iAPq@RgALqAB{@EqAyAoOCy@AyCBeBBqIBg@Da@@{@?{@" : string.Empty,
            ["resource_state"] = 2,
        },
        ["trainer"] = Trainer,
        ["commute"] = Commute,
        ["manual"] = Manual,
        ["private"] = false,
        ["visibility"] = "everyone",
        ["flagged"] = false,
        ["gear_id"] = null,
        ["start_latlng"] = LatLng(StartLatLng),
        ["end_latlng"] = LatLng(EndLatLng),
        ["average_speed"] = AverageSpeed,
        ["max_speed"] = MaxSpeed,
        ["has_heartrate"] = false,
        ["heartrate_opt_out"] = false,
        ["display_hide_heartrate_option"] = false,
        ["elev_high"] = ElevHigh,
        ["elev_low"] = ElevLow,
        ["upload_id"] = UploadId,
        ["upload_id_str"] = UploadId?.ToString(CultureInfo.InvariantCulture),
        ["external_id"] = ExternalId,
        ["from_accepted_tag"] = false,
        ["pr_count"] = 0,
        ["total_photo_count"] = 0,
        ["has_kudoed"] = false,
    };

    private static JsonArray LatLng(double[]? point) => point is null ? [] : [point[0], point[1]];
}
