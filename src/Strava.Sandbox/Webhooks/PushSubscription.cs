namespace Strava.Sandbox.Webhooks;

/// <summary>The application's one push subscription, as Strava keeps it.</summary>
public sealed record PushSubscription(int Id, Uri CallbackUrl, string VerifyToken, DateTimeOffset CreatedAt);
