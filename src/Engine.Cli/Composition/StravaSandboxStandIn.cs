using System.Collections.Immutable;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Config;
using Strava.Sandbox;

namespace Engine.Cli.Composition;

/// <summary>
/// Without Strava credentials the pipeline extracts from the Strava sandbox, started in-process on 127.0.0.1 with its
/// demo athletes, so <c>engine run</c> works offline on a fresh clone. Chosen here, not in the connector, so that
/// production code never depends on the fake server.
/// </summary>
public static class StravaSandboxStandIn
{
    public static async Task<StravaStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken).ConfigureAwait(false);
        return new StravaStandIn(Credentials(sandbox), sandbox, $"the Strava sandbox at {sandbox.BaseAddress}");
    }

    /// <summary>The credentials of a running sandbox: its application and its demo athletes' initial refresh tokens.</summary>
    public static StravaCredentials Credentials(SandboxServer sandbox) => new(
        sandbox.Options.ClientId,
        sandbox.Options.ClientSecret,
        sandbox.BaseAddress,
        sandbox.Data.Athletes.ToImmutableSortedDictionary(a => a.Name, a => (string?)a.InitialRefreshToken, StringComparer.Ordinal));
}
