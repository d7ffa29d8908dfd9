using System.Security.Cryptography;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// A local server speaking the SQL API that a target without a private key is served by (the composition root starts
/// it; production code never references it): its address, the account and user it knows, and the user's key.
/// </summary>
public sealed record SnowflakeStandIn(Uri BaseAddress, string Account, string User, RSA Key, string Description);

/// <summary>Starts (or returns the running) stand-in for a project's engine state folder.</summary>
public delegate Task<SnowflakeStandIn> SnowflakeStandInFactory(WarehouseEnvironment environment, CancellationToken cancellationToken);
