using System.Security.Cryptography;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Snowflake.Api;
using Engine.Warehouse.Snowflake.Cdc;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// Snowflake through its SQL API v2 with key-pair authentication. A target with neither <c>private_key_path</c> nor
/// <c>private_key</c> is served by the local stand-in the composition root provides (the <c>snowflake_sandbox</c> target),
/// as the Strava extractor uses the Strava sandbox when no credentials exist.
/// </summary>
public sealed class SnowflakeAdapter : IWarehouseAdapter
{
    public const string TypeName = "snowflake";

    private static readonly TargetKeys Keys = new(
        Allowed: ["account", "user", "role", "warehouse", "private_key_path", "private_key", "private_key_passphrase", "host", "transient"],
        Required: ["account", "user", "database"],
        Secrets: ["private_key", "private_key_passphrase"]);

    private readonly SnowflakeStandInFactory? _standIn;

    public SnowflakeAdapter(SnowflakeStandInFactory? standIn = null) => _standIn = standIn;

    public string Type => TypeName;

    public ISqlDialect Dialect => SnowflakeDialect.Instance;

    public void Validate(TargetConfig target, DiagnosticBag bag)
    {
        Keys.Check(target, bag);
        if (target.Setting("transient") is { } transient && transient is not ("true" or "false"))
        {
            bag.Error(DiagnosticCodes.InvalidValue, $"'transient' of target '{target.Name}' must be true or false, not '{transient}'", target.Location);
        }
    }

    public async Task<IWarehouse> ConnectAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken)
    {
        var (client, jwt, context) = await ClientAsync(target, environment, cancellationToken).ConfigureAwait(false);
        var sql = new SnowflakeMaterializationSql(SnowflakeDialect.Instance, target.Setting("transient") != "false");
        return new SnowflakeWarehouse(client, jwt, context, sql);
    }

    public async Task<ICdcSink> OpenCdcSinkAsync(TargetConfig target, WarehouseEnvironment environment, string schema, CancellationToken cancellationToken)
    {
        var (client, jwt, context) = await ClientAsync(target, environment, cancellationToken).ConfigureAwait(false);
        return new SnowflakeCdcSink(client, jwt, schema, $"CDC into {context}");
    }

    /// <summary>The client for a target: its key, account and user, or the stand-in's when it has no key.</summary>
    public async Task<(SqlApiClient Client, KeyPairJwt Jwt, string Context)> ClientAsync(TargetConfig target, WarehouseEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = new SnowflakeTargetSettings(target, environment);
        var context = $"target '{target.Name}'";
        var database = settings.Database;
        var schema = target.Schema ?? "PUBLIC";
        if (target.Setting("private_key_path") is null && target.Setting("private_key") is null)
        {
            if (_standIn is null)
            {
                throw new ProjectException(DiagnosticCodes.MissingKey,
                    $"snowflake target '{target.Name}' needs 'private_key_path' or 'private_key' (key-pair authentication)", target.Location);
            }

            var standIn = await _standIn(environment, cancellationToken).ConfigureAwait(false);
            var key = RSA.Create();
            key.ImportParameters(standIn.Key.ExportParameters(includePrivateParameters: true));
            var standInJwt = new KeyPairJwt(standIn.Account, standIn.User, key);
            return (new SqlApiClient(new SqlApiEndpoint(standIn.BaseAddress, database, schema, settings.Warehouse, settings.Role), standInJwt), standInJwt, $"{context} ({standIn.Description})");
        }

        RSA rsa;
        try
        {
            var passphrase = settings.Resolve("private_key_passphrase");
            rsa = settings.Resolve("private_key") is { } pem
                ? PrivateKeyLoader.FromPem(pem, passphrase, $"'private_key' of {context}")
                : PrivateKeyLoader.FromFile(Path.GetFullPath(settings.Resolve("private_key_path")!, environment.ProjectDirectory), passphrase);
        }
        catch (SnowflakeKeyException e)
        {
            throw new ProjectException(DiagnosticCodes.InvalidValue, $"{context}: {e.Message}", target.Location);
        }

        var jwt = new KeyPairJwt(settings.Resolve("account")!, settings.Resolve("user")!, rsa);
        var host = settings.Resolve("host") ?? $"https://{settings.Resolve("account")!.ToLowerInvariant()}.snowflakecomputing.com/";
        var endpoint = new SqlApiEndpoint(new Uri(host.TrimEnd('/') + "/"), database, schema, settings.Warehouse, settings.Role);
        return (new SqlApiClient(endpoint, jwt), jwt, context);
    }
}
