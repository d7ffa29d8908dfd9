namespace Engine.Connectors.Strava.Api;

/// <summary>A failure worth retrying: a 5xx, or a 200 whose body is not the JSON it should be (truncated, an HTML error page).</summary>
public sealed class TransientStravaException(string message, Exception? inner = null) : Exception(message, inner);
