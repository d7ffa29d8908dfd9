using System.Security.Cryptography;
using Engine.Warehouse;
using Engine.Warehouse.Snowflake;
using Snowflake.Sandbox;

namespace Engine.Cli.Composition;

/// <summary>
/// A snowflake target without a private key (the <c>snowflake_sandbox</c> target) is served by the Snowflake stand-in,
/// started in-process on 127.0.0.1 once per command and kept until it exits, with its databases in the engine's state
/// folder (<c>.engine/snowflake-sandbox</c>) so that tables and CDC checkpoints outlive the command, as on Snowflake.
/// Chosen here, not in the adapter, so that production code never depends on the fake server.
/// </summary>
public static class SnowflakeSandboxStandIn
{
    public const string Account = "SANDBOX";
    public const string User = "ENGINE";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SnowflakeSandboxServer Server, SnowflakeStandIn StandIn)? _running;

    public static async Task<SnowflakeStandIn> StartAsync(WarehouseEnvironment environment, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running is { } running)
            {
                return running.StandIn;
            }

            var directory = Path.Combine(environment.EngineHome, "snowflake-sandbox");
            var server = await SnowflakeSandboxServer.StartAsync(new SnowflakeSandboxOptions { Account = Account, DataDirectory = directory, AsyncThreshold = TimeSpan.FromSeconds(5) }, cancellationToken).ConfigureAwait(false);

            // A key made for this process only: the stand-in trusts whoever the composition root hands it to.
            var key = RSA.Create(2048);
            server.RegisterUser(SandboxUser.For(User, key));
            var standIn = new SnowflakeStandIn(server.BaseAddress, Account, User, key, $"the Snowflake stand-in at {server.BaseAddress}");
            _running = (server, standIn);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return standIn;
        }
        finally
        {
            Gate.Release();
        }
    }
}
