using System.Collections.Immutable;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Runtime.Configuration;
using Engine.Runtime.Connections;
using Engine.Runtime.Sessions;
using Strava.Sandbox;

namespace Engine.Connectors.Strava;

/// <summary>
/// Builds a <see cref="StravaExtractor"/> for a project: the extract block of sources.yml, the staging database on
/// the target's PostgreSQL server, the credentials from the settings, and the token store. Without credentials it
/// starts the Strava sandbox in-process with its demo athletes, so the pipeline runs offline, and says so.
/// </summary>
public static class StravaExtraction
{
    public static async Task<StravaExtractor> OpenAsync(ProjectSession session, Action<string> notice, CancellationToken cancellationToken)
    {
        var projectDirectory = session.Options.ProjectDirectory;
        var config = StravaSourceConfig.From(session.Definition);
        var credentials = StravaCredentials.From(EngineSettings.ForProject(projectDirectory).Section("Strava"));
        var connection = await PostgresServer.For(session.Target, projectDirectory).ConnectionStringAsync(config.StagingDatabase, cancellationToken).ConfigureAwait(false);
        SandboxServer? sandbox = null;
        IRefreshTokenStore tokens;
        if (credentials is null)
        {
            sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken).ConfigureAwait(false);
            credentials = SandboxCredentials(sandbox);
            tokens = new MemoryRefreshTokenStore();
            notice($"No Strava credentials configured (STRAVA__CLIENT_ID): using the Strava sandbox at {sandbox.BaseAddress} " +
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
        }, sandbox);
    }

    /// <summary>The credentials of a running sandbox: its application and its demo athletes' initial refresh tokens.</summary>
    public static StravaCredentials SandboxCredentials(SandboxServer sandbox) => new(
        sandbox.Options.ClientId,
        sandbox.Options.ClientSecret,
        sandbox.BaseAddress,
        sandbox.Data.Athletes.ToImmutableSortedDictionary(a => a.Name, a => (string?)a.InitialRefreshToken, StringComparer.Ordinal));

    /// <summary><c>.engine/strava/tokens.json</c> beside the project (or under ENGINE_HOME).</summary>
    public static string TokenStorePath(string projectDirectory) =>
        Path.Combine(WorkspacePaths.EngineHome(projectDirectory), "strava", "tokens.json");
}
