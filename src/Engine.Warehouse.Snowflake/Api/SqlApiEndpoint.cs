namespace Engine.Warehouse.Snowflake.Api;

/// <summary>Where and as whom statements run: the API's root, and the context every request body carries.</summary>
public sealed record SqlApiEndpoint(Uri BaseAddress, string Database, string Schema, string? Warehouse, string? Role);
