using System.CommandLine;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Core.Diagnostics;
using Engine.Runtime.Configuration;

namespace Engine.Cli.Commands;

/// <summary><c>engine auth strava</c>: authorises an athlete in the browser and stores their refresh token.</summary>
public static class AuthCommand
{
    public static Command Create()
    {
        var auth = new Command("auth", "Authorise data sources");
        var athlete = new Option<string?>("--athlete") { Description = "The name to store the athlete under (default: their first name)" };
        var port = new Option<int>("--port") { Description = "The loopback port for Strava's redirect (default: a free one)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the authorization", DefaultValueFactory = _ => 300 };
        var strava = new Command("strava", "Print Strava's authorize URL (scope activity:read_all), wait for the redirect on 127.0.0.1, exchange the code and store the refresh token");
        strava.Options.Add(athlete);
        strava.Options.Add(port);
        strava.Options.Add(timeout);
        CommandGuard.SetAction(strava, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var projectDir = result.GetValue(GlobalOptions.ProjectDir) ?? "project";
            var credentials = StravaCredentials.From(EngineSettings.ForProject(projectDir).Section("Strava"))
                ?? throw new StravaExtractException(DiagnosticCodes.StravaCredentials,
                    "set STRAVA__CLIENT_ID and STRAVA__CLIENT_SECRET (from https://www.strava.com/settings/api, callback domain 127.0.0.1) in the environment or .env first");
            var store = new FileRefreshTokenStore(StravaExtraction.TokenStorePath(projectDir));
            var flow = new AuthorizationFlow(credentials, store);
            var done = await flow.RunAsync(result.GetValue(athlete), result.GetValue(port), TimeSpan.FromSeconds(result.GetValue(timeout)), Console.WriteLine, token).ConfigureAwait(false);
            Console.WriteLine($"Authorized athlete '{done.Athlete}' (id {done.AthleteId}) with scope {done.GrantedScope}; " +
                $"the refresh token is stored in {Path.GetRelativePath(Environment.CurrentDirectory, store.Path)} (readable by you only).");
            Console.WriteLine($"Next: engine extract --athlete {done.Athlete}");
            return ExitCodes.Success;
        }));
        auth.Subcommands.Add(strava);
        return auth;
    }
}
