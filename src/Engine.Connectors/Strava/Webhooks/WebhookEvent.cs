using System.Globalization;
using System.Text.Json;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// A Strava push event: which object (<c>activity</c> or <c>athlete</c>), what happened (<c>create</c>, <c>update</c>,
/// <c>delete</c>), whose it is and when. It carries no data of the object: applying it fetches the object from the API.
/// </summary>
public sealed record WebhookEvent(string ObjectType, long ObjectId, string AspectType, long OwnerId, long SubscriptionId, long EventTime, string UpdatesJson)
{
    /// <summary><c>updates: {"authorized": "false"}</c> on an athlete: the athlete revoked the application's access.</summary>
    public bool IsDeauthorization =>
        ObjectType == "athlete" && UpdatesJson.Contains("\"authorized\"", StringComparison.Ordinal)
        && JsonDocument.Parse(UpdatesJson).RootElement.TryGetProperty("authorized", out var a)
        && (a.ValueKind == JsonValueKind.False || (a.ValueKind == JsonValueKind.String && a.GetString() == "false"));

    /// <summary>
    /// Reads a POSTed body; null when it is not a well-formed event of a known kind. Ids may come as numbers or strings
    /// (a 2017 announcement showed <c>"subscription_id": "1"</c>).
    /// </summary>
    public static WebhookEvent? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var objectType = Text(root, "object_type");
            var aspect = Text(root, "aspect_type");
            if (objectType is not ("activity" or "athlete") || aspect is not ("create" or "update" or "delete")
                || Long(root, "object_id") is not { } objectId || Long(root, "owner_id") is not { } owner
                || Long(root, "subscription_id") is not { } subscription || Long(root, "event_time") is not { } time)
            {
                return null;
            }

            var updates = root.TryGetProperty("updates", out var u) && u.ValueKind == JsonValueKind.Object ? u.GetRawText() : "{}";
            return new WebhookEvent(objectType, objectId, aspect, owner, subscription, time, updates);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static long? Long(JsonElement obj, string name) => obj.TryGetProperty(name, out var e)
        ? e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n
        : e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
        : null
        : null;
}
