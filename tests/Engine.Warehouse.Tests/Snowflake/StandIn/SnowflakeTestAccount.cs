using System.Security.Cryptography;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Snowflake.Api;
using Snowflake.Sandbox;

namespace Engine.Warehouse.Tests.Snowflake.StandIn;

/// <summary>
/// Where the Snowflake tests run: the stand-in (a server on 127.0.0.1 with a key registered for the test user) or, for
/// the live suite, a real account from SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PRIVATE_KEY_PATH. Each test gets
/// its own schema, dropped afterwards.
/// </summary>
public sealed class SnowflakeTestAccount : IAsyncDisposable
{
    private readonly IAsyncDisposable? _server;

    private SnowflakeTestAccount(SqlApiEndpoint endpoint, string account, string user, RSA key, SnowflakeSandboxServer? server)
    {
        Endpoint = endpoint;
        Account = account;
        User = user;
        Key = key;
        Server = server;
        _server = server;
    }

    public SqlApiEndpoint Endpoint { get; }

    public string Account { get; }

    public string User { get; }

    public RSA Key { get; }

    /// <summary>The stand-in, or null on a live account.</summary>
    public SnowflakeSandboxServer? Server { get; }

    public static async Task<SnowflakeTestAccount> StandInAsync(SnowflakeSandboxOptions? options = null)
    {
        var server = await SnowflakeSandboxServer.StartAsync(options ?? new SnowflakeSandboxOptions());
        var key = RSA.Create(2048);
        server.RegisterUser(SandboxUser.For("TESTER", key));
        return new SnowflakeTestAccount(new SqlApiEndpoint(server.BaseAddress, "TESTDB", "PUBLIC", null, null), server.Options.Account, "TESTER", key, server);
    }

    /// <summary>The live account from the environment, or null with the names of the missing variables.</summary>
    public static (SnowflakeTestAccount? Account, string? Missing) Live()
    {
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        var account = Env("SNOWFLAKE_ACCOUNT");
        var user = Env("SNOWFLAKE_USER");
        var keyPath = Env("SNOWFLAKE_PRIVATE_KEY_PATH");
        if (account is null || user is null || keyPath is null)
        {
            return (null, "SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PRIVATE_KEY_PATH");
        }

        var key = PrivateKeyLoader.FromFile(keyPath, Env("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"));
        var endpoint = new SqlApiEndpoint(new Uri($"https://{account.ToLowerInvariant()}.snowflakecomputing.com/"),
            Env("SNOWFLAKE_DATABASE") ?? "ENGINE_TEST", "PUBLIC", Env("SNOWFLAKE_WAREHOUSE"), Env("SNOWFLAKE_ROLE"));
        return (new SnowflakeTestAccount(endpoint, account, user, key, null), null);
    }

    public SqlApiClient Client(RSA? key = null) => new(Endpoint, Jwt(key));

    public KeyPairJwt Jwt(RSA? key = null)
    {
        var copy = RSA.Create();
        copy.ImportParameters((key ?? Key).ExportParameters(includePrivateParameters: true));
        return new KeyPairJwt(Account, User, copy);
    }

    public SnowflakeWarehouse Warehouse()
    {
        var jwt = Jwt();
        return new SnowflakeWarehouse(new SqlApiClient(Endpoint, jwt), jwt, "test target", SnowflakeMaterializationSql.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        Key.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
