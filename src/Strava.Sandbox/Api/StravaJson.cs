using System.Globalization;
using System.Text.Json;
using Strava.Sandbox.Data;

namespace Strava.Sandbox.Api;

/// <summary>
/// Writes the sandbox's data in Strava's wire format: the field names, order and number formats of the recorded
/// responses (floats keep a decimal point, e.g. <c>-14400.0</c>; <c>start_latlng</c> is <c>[]</c> without GPS).
/// </summary>
public static class StravaJson
{
    public static void SummaryActivity(Utf8JsonWriter w, DemoActivity a, bool detailed = false)
    {
        w.WriteStartObject();
        w.WriteNumber("resource_state", detailed ? 3 : 2);
        w.WriteStartObject("athlete");
        w.WriteNumber("id", a.AthleteId);
        w.WriteNumber("resource_state", 1);
        w.WriteEndObject();
        w.WriteString("name", a.Name);
        Float(w, "distance", a.Distance);
        w.WriteNumber("moving_time", a.MovingTime);
        w.WriteNumber("elapsed_time", a.ElapsedTime);
        Float(w, "total_elevation_gain", a.TotalElevationGain);
        w.WriteString("type", TypeOf(a.SportType));
        w.WriteString("sport_type", a.SportType);
        if (!a.WorkoutTypeAbsent)
        {
            NullableInt(w, "workout_type", a.WorkoutType);
        }

        w.WriteNumber("id", a.Id);
        w.WriteString("start_date", a.StartDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("start_date_local", a.StartDateLocal.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("timezone", a.City.TimeZoneLabel);
        Float(w, "utc_offset", a.UtcOffset);
        w.WriteNull("location_city");
        w.WriteNull("location_state");
        w.WriteNull("location_country");
        w.WriteNumber("achievement_count", a.AchievementCount);
        w.WriteNumber("kudos_count", a.KudosCount);
        w.WriteNumber("comment_count", a.CommentCount);
        w.WriteNumber("athlete_count", a.AthleteCount);
        w.WriteNumber("photo_count", a.PhotoCount);
        w.WriteStartObject("map");
        w.WriteString("id", $"a{a.Id}");
        if (detailed)
        {
            w.WriteString("polyline", a.SummaryPolyline);
        }

        w.WriteString("summary_polyline", a.SummaryPolyline);
        w.WriteNumber("resource_state", detailed ? 3 : 2);
        w.WriteEndObject();
        w.WriteBoolean("trainer", a.Trainer);
        w.WriteBoolean("commute", a.Commute);
        w.WriteBoolean("manual", a.Manual);
        w.WriteBoolean("private", a.Private);
        w.WriteString("visibility", a.Visibility);
        w.WriteBoolean("flagged", false);
        if (a.GearId is null)
        {
            w.WriteNull("gear_id");
        }
        else
        {
            w.WriteString("gear_id", a.GearId);
        }

        LatLng(w, "start_latlng", a.Start);
        LatLng(w, "end_latlng", a.End);
        Float(w, "average_speed", a.AverageSpeed);
        Float(w, "max_speed", a.MaxSpeed);
        OptionalFloat(w, "average_cadence", a.AverageCadence);
        if (a.AverageTemp is { } temp)
        {
            w.WriteNumber("average_temp", temp);
        }

        OptionalFloat(w, "average_watts", a.AverageWatts);
        if (a.MaxWatts is { } maxWatts)
        {
            w.WriteNumber("max_watts", maxWatts);
            w.WriteNumber("weighted_average_watts", a.WeightedAverageWatts ?? maxWatts);
        }

        if (a.DeviceWatts is { } deviceWatts)
        {
            OptionalFloat(w, "kilojoules", a.Kilojoules);
            w.WriteBoolean("device_watts", deviceWatts);
        }

        w.WriteBoolean("has_heartrate", a.HasHeartrate);
        OptionalFloat(w, "average_heartrate", a.AverageHeartrate);
        OptionalFloat(w, "max_heartrate", a.MaxHeartrate);
        w.WriteBoolean("heartrate_opt_out", false);
        w.WriteBoolean("display_hide_heartrate_option", a.HasHeartrate);
        OptionalFloat(w, "elev_high", a.ElevHigh);
        OptionalFloat(w, "elev_low", a.ElevLow);
        if (a.UploadId is { } upload)
        {
            w.WriteNumber("upload_id", upload);
            w.WriteString("upload_id_str", upload.ToString(CultureInfo.InvariantCulture));
            w.WriteString("external_id", a.ExternalId);
        }
        else
        {
            w.WriteNull("upload_id");
            w.WriteNull("external_id");
        }

        w.WriteBoolean("from_accepted_tag", false);
        w.WriteNumber("pr_count", a.PrCount);
        w.WriteNumber("total_photo_count", a.TotalPhotoCount);
        w.WriteBoolean("has_kudoed", false);
        OptionalFloat(w, "suffer_score", a.SufferScore);
        if (detailed)
        {
            if (a.Description is null)
            {
                w.WriteNull("description");
            }
            else
            {
                w.WriteString("description", a.Description);
            }

            Float(w, "calories", a.Calories);
            w.WriteStartArray("segment_efforts");
            w.WriteEndArray();
            w.WriteString("device_name", a.Manual ? null : "Garmin Forerunner 965");
            w.WriteString("embed_token", Mix.Hex(a.Id, 5));
        }

        w.WriteEndObject();
    }

    public static void Athlete(Utf8JsonWriter w, DemoAthlete a, ProfileVersion profile, bool detailed)
    {
        w.WriteStartObject();
        w.WriteNumber("id", a.Id);
        w.WriteString("username", $"{a.Name}{a.Id % 1000}");
        w.WriteNumber("resource_state", detailed ? 3 : 2);
        w.WriteString("firstname", a.FirstName);
        w.WriteString("lastname", a.LastName);
        w.WriteString("bio", string.Empty);
        w.WriteString("city", profile.City.Name);
        w.WriteString("state", profile.City.State);
        w.WriteString("country", profile.City.Country);
        w.WriteString("sex", a.Sex);
        w.WriteBoolean("premium", profile.Premium);
        w.WriteBoolean("summit", profile.Premium);
        w.WriteString("created_at", a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var updated = profile.From == DateTimeOffset.MinValue ? a.CreatedAt : profile.From;
        w.WriteString("updated_at", updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("badge_type_id", profile.Premium ? 1 : 0);
        Float(w, "weight", profile.Weight);
        w.WriteString("profile_medium", $"https://dgalywyr863hv.cloudfront.net/pictures/athletes/{a.Id}/medium.jpg");
        w.WriteString("profile", $"https://dgalywyr863hv.cloudfront.net/pictures/athletes/{a.Id}/large.jpg");
        w.WriteNull("friend");
        w.WriteNull("follower");
        if (detailed)
        {
            w.WriteNumber("follower_count", 40 + (int)(a.Id % 200));
            w.WriteNumber("friend_count", 30 + (int)(a.Id % 150));
            w.WriteString("measurement_preference", profile.City.Country == "United States" ? "feet" : "meters");
            w.WriteNull("ftp");
            w.WriteNumber("athlete_type", a.Sports[0].Sport.Type == "Ride" ? 0 : 1);
            w.WriteString("date_preference", "%m/%d/%Y");
            w.WriteStartArray("clubs");
            w.WriteEndArray();
            w.WriteStartArray("bikes");
            w.WriteEndArray();
            w.WriteStartArray("shoes");
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Strava's Fault body: <c>{"message": ..., "errors": [{"resource", "field", "code"}]}</c>.</summary>
    public static void Fault(Utf8JsonWriter w, string message, string resource, string field, string code)
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteStartArray("errors");
        w.WriteStartObject();
        w.WriteString("resource", resource);
        w.WriteString("field", field);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string TypeOf(string sportType) => sportType switch
    {
        "TrailRun" => "Run",
        "GravelRide" or "MountainBikeRide" => "Ride",
        _ => sportType,
    };

    /// <summary>A float as Strava sends it: shortest round-trip digits, always with a decimal point.</summary>
    private static void Float(Utf8JsonWriter w, string name, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        w.WritePropertyName(name);
        w.WriteRawValue(text, skipInputValidation: true);
    }

    private static void OptionalFloat(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            Float(w, name, v);
        }
    }

    private static void NullableInt(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void LatLng(Utf8JsonWriter w, string name, (double Lat, double Lng)? point)
    {
        w.WriteStartArray(name);
        if (point is { } p)
        {
            w.WriteNumberValue(p.Lat);
            w.WriteNumberValue(p.Lng);
        }

        w.WriteEndArray();
    }
}
