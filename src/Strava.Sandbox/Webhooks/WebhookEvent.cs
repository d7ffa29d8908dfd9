namespace Strava.Sandbox.Webhooks;

/// <summary>An event as Strava posts it to the callback: ids and what changed, never the object itself.</summary>
public sealed record WebhookEvent(string ObjectType, long ObjectId, string AspectType, long OwnerId, long EventTime)
{
    public IReadOnlyDictionary<string, string> Updates { get; init; } = new Dictionary<string, string>();
}
