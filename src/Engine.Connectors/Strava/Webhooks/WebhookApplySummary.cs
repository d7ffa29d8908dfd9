namespace Engine.Connectors.Strava.Webhooks;

/// <summary>What one pass over the queued events did: events applied, activities upserted and deleted, athletes forgotten, requests made.</summary>
public sealed record WebhookApplySummary(int Events, int Upserted, int Deleted, int Deauthorized, int Requests);
