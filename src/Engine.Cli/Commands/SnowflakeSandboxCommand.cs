using System.CommandLine;
using System.Security.Cryptography;
using Snowflake.Sandbox;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine sandbox snowflake</c>: runs the Snowflake SQL API stand-in until Ctrl+C, for demos, with a key pair made for
/// the session (the private key written next to its databases) and the target keys that reach it.
/// </summary>
public static class SnowflakeSandboxCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)" };
        var data = new Option<string?>("--data") { Description = "Folder for its databases (default: .engine/snowflake-sandbox-demo)" };
        var command = new Command("snowflake", "Serve a stand-in of Snowflake's SQL API v2 (key-pair JWT, statements run on embedded DuckDB) on 127.0.0.1");
        command.Options.Add(port);
        command.Options.Add(data);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var directory = Path.GetFullPath(result.GetValue(data) ?? Path.Combine(".engine", "snowflake-sandbox-demo"));
            await using var server = await SnowflakeSandboxServer.StartAsync(new SnowflakeSandboxOptions { Port = result.GetValue(port), DataDirectory = directory }, token).ConfigureAwait(false);
            using var key = RSA.Create(2048);
            server.RegisterUser(SandboxUser.For("DEMO", key));
            var keyPath = Path.Combine(directory, "demo_rsa_key.p8");
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), token).ConfigureAwait(false);
            Console.WriteLine($"Snowflake stand-in listening on {server.BaseAddress} (account {server.Options.Account}, user DEMO; databases in {directory}).");
            Console.WriteLine("A target reaching it:");
            Console.WriteLine("  type: snowflake");
            Console.WriteLine($"  host: {server.BaseAddress}");
            Console.WriteLine($"  account: {server.Options.Account}");
            Console.WriteLine("  user: DEMO");
            // A key made for this demo session of a local fake: where it is is the point, its content is never printed.
            Console.WriteLine($"  private_key_path: {keyPath}");
            Console.WriteLine("  database: ANALYTICS");
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
        return command;
    }
}
