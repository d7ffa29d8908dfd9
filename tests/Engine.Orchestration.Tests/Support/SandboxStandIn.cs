using System.Collections.Immutable;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Config;
using Strava.Sandbox;

namespace Engine.Orchestration.Tests.Support;

/// <summary>
/// The Strava sandbox as the extract step's stand-in: a new sandbox per run (its demo data is the same every time), as
/// the CLI's StravaSandboxStandIn does, since the demo athletes' refresh tokens rotate on first use.
/// </summary>
public static class SandboxStandIn
{
    public static Func<CancellationToken, Task<StravaStandIn>> For(SandboxOptions options) => async cancellationToken =>
    {
        var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
        var credentials = new StravaCredentials(
            sandbox.Options.ClientId,
            sandbox.Options.ClientSecret,
            sandbox.BaseAddress,
            sandbox.Data.Athletes.ToImmutableSortedDictionary(a => a.Name, a => (string?)a.InitialRefreshToken, StringComparer.Ordinal));
        return new StravaStandIn(credentials, sandbox, $"the Strava sandbox at {sandbox.BaseAddress}");
    };
}
