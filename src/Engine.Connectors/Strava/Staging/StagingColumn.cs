using System.Text.Json;
using Engine.Connectors.Geo;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// One typed column of a staging table and how it is read from Strava's JSON (<see cref="Path"/> is the field,
/// dotted for nested ones such as <c>map.summary_polyline</c>). The table's DDL, its COPY and its upsert all come
/// from these lists, so a column is declared once.
/// </summary>
public sealed record StagingColumn(string Name, string SqlType, NpgsqlDbType DbType, string Path, Func<JsonElement, string, object?> Reader)
{
    /// <summary>Writes a non-null value to a binary COPY with its static type, which spares Npgsql a type lookup per value.</summary>
    public required Action<NpgsqlBinaryImporter, object> Writer { get; init; }

    /// <summary>Computed from the field at <see cref="Path"/> rather than copied from it (e.g. a place from coordinates).</summary>
    public bool Derived { get; init; }

    public object? Read(JsonElement obj) => Reader(obj, Path);

    public static StagingColumn Long(string name, string? path = null) =>
        new(name, "bigint", NpgsqlDbType.Bigint, path ?? name, JsonRead.Long) { Writer = (c, v) => c.Write((long)v, NpgsqlDbType.Bigint) };

    public static StagingColumn Int(string name) =>
        new(name, "integer", NpgsqlDbType.Integer, name, JsonRead.Int) { Writer = (c, v) => c.Write((int)v, NpgsqlDbType.Integer) };

    public static StagingColumn Double(string name) =>
        new(name, "double precision", NpgsqlDbType.Double, name, JsonRead.Double) { Writer = (c, v) => c.Write((double)v, NpgsqlDbType.Double) };

    public static StagingColumn Text(string name, string? path = null) =>
        new(name, "text", NpgsqlDbType.Text, path ?? name, JsonRead.Text) { Writer = (c, v) => c.Write((string)v, NpgsqlDbType.Text) };

    public static StagingColumn Bool(string name) =>
        new(name, "boolean", NpgsqlDbType.Boolean, name, JsonRead.Bool) { Writer = (c, v) => c.Write((bool)v, NpgsqlDbType.Boolean) };

    public static StagingColumn Instant(string name) =>
        new(name, "timestamptz", NpgsqlDbType.TimestampTz, name, JsonRead.Instant) { Writer = (c, v) => c.Write((DateTime)v, NpgsqlDbType.TimestampTz) };

    public static StagingColumn LocalTime(string name) =>
        new(name, "timestamp", NpgsqlDbType.Timestamp, name, JsonRead.LocalTime) { Writer = (c, v) => c.Write((DateTime)v, NpgsqlDbType.Timestamp) };

    public static StagingColumn Json(string name) =>
        new(name, "jsonb", NpgsqlDbType.Jsonb, name, JsonRead.Json) { Writer = (c, v) => c.Write((string)v, NpgsqlDbType.Jsonb) };

    /// <summary>
    /// A part of the place nearest <c>start_latlng</c> (<see cref="ReverseGeocoder"/>), for activities whose own
    /// <c>location_*</c> fields Strava leaves empty; null without coordinates or without a place within the radius.
    /// </summary>
    public static StagingColumn Geocoded(string name, Func<Place, string> part) =>
        new(name, "text", NpgsqlDbType.Text, "start_latlng",
            (obj, path) => JsonRead.LatLng(obj, path) is var (lat, lng) && Locate(lat, lng) is { } place
                ? NullIfEmpty(part(place))
                : null)
        { Writer = (c, v) => c.Write((string)v, NpgsqlDbType.Text), Derived = true };

    /// <summary>
    /// The city, region and country columns read one record in turn on one thread: the last lookup is kept per thread,
    /// so the three share one search of the places (same coordinates, same answer, whichever record asks).
    /// </summary>
    [ThreadStatic]
    private static (double Lat, double Lng, Place? Place)? _lastLookup;

    private static Place? Locate(double lat, double lng)
    {
        if (_lastLookup is { } last && last.Lat.Equals(lat) && last.Lng.Equals(lng))
        {
            return last.Place;
        }

        var place = ReverseGeocoder.Shared.Locate(lat, lng);
        _lastLookup = (lat, lng, place);
        return place;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
