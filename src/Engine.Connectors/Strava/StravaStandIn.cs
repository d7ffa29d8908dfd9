using Engine.Connectors.Strava.Config;

namespace Engine.Connectors.Strava;

/// <summary>
/// A local server that speaks Strava's API, started by the composition root when no Strava credentials are configured,
/// so the pipeline runs offline. <see cref="Server"/> is stopped with the extractor.
/// </summary>
public sealed record StravaStandIn(StravaCredentials Credentials, IAsyncDisposable Server, string Description);
