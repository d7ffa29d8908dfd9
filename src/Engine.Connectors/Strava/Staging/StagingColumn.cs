using System.Text.Json;
using NpgsqlTypes;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// One typed column of a staging table and how it is read from Strava's JSON (<see cref="Path"/> is the field,
/// dotted for nested ones such as <c>map.summary_polyline</c>). The table's DDL, its COPY and its upsert all come
/// from these lists, so a column is declared once.
/// </summary>
public sealed record StagingColumn(string Name, string SqlType, NpgsqlDbType DbType, string Path, Func<JsonElement, string, object?> Reader)
{
    public object? Read(JsonElement obj) => Reader(obj, Path);

    public static StagingColumn Long(string name, string? path = null) => new(name, "bigint", NpgsqlDbType.Bigint, path ?? name, JsonRead.Long);

    public static StagingColumn Int(string name) => new(name, "integer", NpgsqlDbType.Integer, name, JsonRead.Int);

    public static StagingColumn Double(string name) => new(name, "double precision", NpgsqlDbType.Double, name, JsonRead.Double);

    public static StagingColumn Text(string name, string? path = null) => new(name, "text", NpgsqlDbType.Text, path ?? name, JsonRead.Text);

    public static StagingColumn Bool(string name) => new(name, "boolean", NpgsqlDbType.Boolean, name, JsonRead.Bool);

    public static StagingColumn Instant(string name) => new(name, "timestamptz", NpgsqlDbType.TimestampTz, name, JsonRead.Instant);

    public static StagingColumn LocalTime(string name) => new(name, "timestamp", NpgsqlDbType.Timestamp, name, JsonRead.LocalTime);

    public static StagingColumn Json(string name) => new(name, "jsonb", NpgsqlDbType.Jsonb, name, JsonRead.Json);
}
