using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Cli.Tests.Project;

/// <summary>One state of a Strava athlete profile (DetailedAthlete), as staging stores it.</summary>
public sealed record DatasetAthlete(
    long Id,
    string? Firstname,
    string? Lastname,
    string? City,
    string? State,
    string? Country,
    string? Sex,
    bool Premium,
    bool Summit,
    double? Weight,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int FollowerCount = 12)
{
    /// <summary>The object Strava's GET /athlete returns, from which the staging columns are read.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["resource_state"] = 3,
        ["username"] = $"athlete{Id}",
        ["firstname"] = Firstname,
        ["lastname"] = Lastname,
        ["bio"] = null,
        ["city"] = City,
        ["state"] = State,
        ["country"] = Country,
        ["sex"] = Sex,
        ["premium"] = Premium,
        ["summit"] = Summit,
        ["created_at"] = Iso(CreatedAt),
        ["updated_at"] = Iso(UpdatedAt),
        ["badge_type_id"] = Premium ? 1 : 0,
        ["weight"] = Weight,
        ["profile_medium"] = "avatar/athlete/medium.png",
        ["profile"] = "avatar/athlete/large.png",
        ["follower_count"] = FollowerCount,
        ["friend_count"] = 7,
        ["measurement_preference"] = "meters",
        ["ftp"] = null,
        ["clubs"] = new JsonArray(),
        ["bikes"] = new JsonArray(),
        ["shoes"] = new JsonArray(),
    };

    internal static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
