using System.CommandLine;
using Strava.Sandbox;

namespace Engine.Cli.Commands;

/// <summary><c>engine sandbox strava</c>: runs the Strava-compatible sandbox server until Ctrl+C, for demos.</summary>
public static class SandboxCommand
{
    public static Command Create()
    {
        var sandbox = new Command("sandbox", "Run local stand-ins of external services");
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the demo data", DefaultValueFactory = _ => 42 };
        var limit = new Option<int>("--read-limit") { Description = "Read requests allowed per 15 minutes (daily: 10x)", DefaultValueFactory = _ => 100 };
        var strava = new Command("strava", "Serve the Strava API (OAuth, athlete, activities, rate limits) with deterministic demo athletes on 127.0.0.1");
        strava.Options.Add(port);
        strava.Options.Add(seed);
        strava.Options.Add(limit);
        CommandGuard.SetAction(strava, async (result, token) =>
        {
            var readLimit = result.GetValue(limit);
            var options = new SandboxOptions { Port = result.GetValue(port), Seed = result.GetValue(seed), ReadLimit15Min = readLimit, ReadLimitDaily = readLimit * 10 };
            await using var server = await SandboxServer.StartAsync(options, token).ConfigureAwait(false);
            var athletes = server.Data.Athletes;
            Console.WriteLine($"Strava sandbox listening on {server.BaseAddress} ({athletes.Count} demo athletes, seed {options.Seed}). To extract from it:");
            Console.WriteLine($"  export STRAVA__BASE_URL={server.BaseAddress}");
            Console.WriteLine($"  export STRAVA__CLIENT_ID={options.ClientId}");
            // Demo credentials of a local fake, not secrets: printing them is the point.
            Console.WriteLine($"  export STRAVA__CLIENT_SECRET={options.ClientSecret}");
            foreach (var athlete in athletes)
            {
                Console.WriteLine($"  export STRAVA__ATHLETES__{athlete.Name.ToUpperInvariant()}__REFRESH_TOKEN={athlete.InitialRefreshToken}");
            }

            Console.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("sandbox stopped");
            }

            return ExitCodes.Success;
        });
        sandbox.Subcommands.Add(strava);
        sandbox.Subcommands.Add(SnowflakeSandboxCommand.Create());
        return sandbox;
    }
}
