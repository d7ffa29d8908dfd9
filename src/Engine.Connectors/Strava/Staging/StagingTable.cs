using System.Collections.Immutable;
using static Engine.Connectors.Strava.Staging.StagingColumn;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// A staging table: <c>id bigint</c> primary key, the typed columns Strava returns (named as Strava names them),
/// then <c>raw jsonb</c> (the full object as received) and <c>_extracted_at</c>.
/// </summary>
public sealed record StagingTable(string Name, ImmutableArray<StagingColumn> Columns)
{
    /// <summary>
    /// SummaryActivity: every field of the recorded responses except nested objects and lists (those stay in raw).
    /// <c>athlete.id</c> becomes <c>athlete_id</c>, <c>map.summary_polyline</c> becomes <c>summary_polyline</c>;
    /// <c>start_latlng</c>/<c>end_latlng</c> are jsonb as sent (<c>[lat, lng]</c>, or <c>[]</c> without GPS).
    /// <c>geo_city</c>/<c>geo_state</c>/<c>geo_country</c> are not Strava's: the GeoNames place nearest <c>start_latlng</c>.
    /// </summary>
    public static readonly StagingTable Activities = new("activities",
    [
        Long("id"), Long("athlete_id", "athlete.id"), Int("resource_state"), Text("name"), Double("distance"), Int("moving_time"),
        Int("elapsed_time"), Double("total_elevation_gain"), Text("type"), Text("sport_type"), Int("workout_type"),
        Instant("start_date"), LocalTime("start_date_local"), Text("timezone"), Double("utc_offset"),
        Text("location_city"), Text("location_state"), Text("location_country"), Int("achievement_count"),
        Int("kudos_count"), Int("comment_count"), Int("athlete_count"), Int("photo_count"), Int("total_photo_count"),
        Int("pr_count"), Text("map_id", "map.id"), Text("summary_polyline", "map.summary_polyline"), Bool("trainer"),
        Bool("commute"), Bool("manual"), Bool("private"), Text("visibility"), Bool("flagged"), Text("gear_id"),
        Json("start_latlng"), Json("end_latlng"), Double("average_speed"), Double("max_speed"), Double("average_cadence"),
        Int("average_temp"), Double("average_watts"), Int("max_watts"), Int("weighted_average_watts"), Double("kilojoules"),
        Bool("device_watts"), Bool("has_heartrate"), Double("average_heartrate"), Double("max_heartrate"),
        Bool("heartrate_opt_out"), Bool("display_hide_heartrate_option"), Double("elev_high"), Double("elev_low"),
        Long("upload_id"), Text("upload_id_str"), Text("external_id"), Bool("from_accepted_tag"), Bool("has_kudoed"),
        Bool("hide_from_home"), Double("suffer_score"),
        Geocoded("geo_city", p => p.City), Geocoded("geo_state", p => p.Region), Geocoded("geo_country", p => p.Country),
    ]);

    /// <summary>DetailedAthlete's scalar fields (clubs, bikes, shoes and the always-null friend/follower stay in raw).</summary>
    public static readonly StagingTable Athletes = new("athletes",
    [
        Long("id"), Int("resource_state"), Text("username"), Text("firstname"), Text("lastname"), Text("bio"), Text("city"),
        Text("state"), Text("country"), Text("sex"), Bool("premium"), Bool("summit"), Instant("created_at"),
        Instant("updated_at"), Int("badge_type_id"), Double("weight"), Text("profile_medium"), Text("profile"),
        Int("follower_count"), Int("friend_count"), Text("measurement_preference"), Int("ftp"), Int("athlete_type"),
        Text("date_preference"), Bool("blocked"), Bool("can_follow"), Int("mutual_friend_count"), Int("postable_clubs_count"),
    ]);

    /// <summary>The columns every row carries besides the typed ones, in COPY order after them.</summary>
    public static readonly ImmutableArray<string> MetadataColumns = ["raw", "_extracted_at"];
}
