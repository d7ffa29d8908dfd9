using Engine.Connectors.Geo;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Runtime.Configuration;
using Engine.Runtime.Sessions;
using Engine.Warehouse.Postgres;

namespace Engine.Connectors.Strava;

/// <summary>
/// Builds a <see cref="StravaExtractor"/> for a project: the extract block of sources.yml, the staging database on
/// the target's PostgreSQL server, the credentials from the settings, and the token store. Without credentials it
/// asks <c>whenNoCredentials</c> (the composition root's choice, e.g. the Strava sandbox) for a stand-in, and says so.
/// </summary>
public static class StravaExtraction
{
    public static async Task<StravaExtractor> OpenAsync(
        ProjectSession session, Func<CancellationToken, Task<StravaStandIn>>? whenNoCredentials, Action<string> notice, CancellationToken cancellationToken)
    {
        var projectDirectory = session.Options.ProjectDirectory;
        ReverseGeocoder.CacheIn(Path.Combine(WorkspacePaths.EngineHome(projectDirectory), "cache"));
        var config = StravaSourceConfig.From(session.Definition);
        var credentials = StravaCredentials.From(session.Settings.Section("Strava"));
        var connection = await PostgresServer.ForStaging(config.Staging, session.Target, session.Environment).ConnectionStringAsync(config.StagingDatabase, cancellationToken).ConfigureAwait(false);
        StravaStandIn? standIn = null;
        IRefreshTokenStore tokens;
        if (credentials is null)
        {
            standIn = whenNoCredentials is null
                ? throw new StravaExtractException(Core.Diagnostics.DiagnosticCodes.StravaCredentials,
                    "no Strava credentials configured (STRAVA__CLIENT_ID, STRAVA__CLIENT_SECRET)")
                : await whenNoCredentials(cancellationToken).ConfigureAwait(false);
            credentials = standIn.Credentials;
            tokens = new MemoryRefreshTokenStore();
            notice($"No Strava credentials configured (STRAVA__CLIENT_ID): using {standIn.Description} " +
                $"with its demo athletes {string.Join(", ", credentials.Athletes.Keys)}");
        }
        else
        {
            tokens = new FileRefreshTokenStore(TokenStorePath(projectDirectory));
        }

        return new StravaExtractor(new StravaExtractorOptions(connection, credentials, tokens)
        {
            Lookback = config.Lookback,
            MaxRateLimitWait = config.MaxRateLimitWait,
            ProfileMaxAge = config.ProfileMaxAge,
            ReconcileEvery = config.ReconcileEvery,
            MaxParallelAthletes = config.MaxParallelAthletes,
        }, standIn?.Server);
    }

    /// <summary><c>strava/tokens.json</c> in the engine's state folder (<c>.engine/</c> or ENGINE_HOME).</summary>
    public static string TokenStorePath(string projectDirectory) =>
        Path.Combine(WorkspacePaths.EngineHome(projectDirectory), "strava", "tokens.json");
}
