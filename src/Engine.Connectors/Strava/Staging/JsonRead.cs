using System.Globalization;
using System.Text.Json;

namespace Engine.Connectors.Strava.Staging;

/// <summary>
/// Reads one field of a Strava object into the CLR type of its staging column. Strava sends numbers as <c>0</c> or
/// <c>0.0</c> whatever the declared type, so integers accept an integral float; a value of another shape (a string
/// where a number belongs, a fraction for an integer) reads as null, and the full object stays in <c>raw</c>.
/// </summary>
public static class JsonRead
{
    public static JsonElement? Field(JsonElement obj, string path)
    {
        var current = obj;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static object? Long(JsonElement obj, string path) => Field(obj, path) is { ValueKind: JsonValueKind.Number } e
        ? e.TryGetInt64(out var l) ? l : e.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? (long)d : null
        : null;

    public static object? Int(JsonElement obj, string path) => Long(obj, path) is long l and >= int.MinValue and <= int.MaxValue ? (int)l : null;

    public static object? Double(JsonElement obj, string path) =>
        Field(obj, path) is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : null;

    public static object? Text(JsonElement obj, string path) =>
        Field(obj, path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static object? Bool(JsonElement obj, string path) => Field(obj, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>A UTC instant (<c>2025-10-19T20:00:00Z</c>) as a UTC <see cref="DateTime"/>, which Npgsql writes to timestamptz.</summary>
    public static object? Instant(JsonElement obj, string path) =>
        Field(obj, path) is { ValueKind: JsonValueKind.String } e
        && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.UtcDateTime
            : null;

    /// <summary>
    /// Strava's <c>start_date_local</c>: local wall-clock time serialised with a <c>Z</c> it does not mean; read as an
    /// unspecified-kind timestamp.
    /// </summary>
    public static object? LocalTime(JsonElement obj, string path) =>
        Field(obj, path) is { ValueKind: JsonValueKind.String } e
        && DateTime.TryParse(e.GetString()?.TrimEnd('Z'), CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : null;

    /// <summary>A JSON value kept as JSON text (for jsonb columns such as <c>start_latlng</c>: <c>[lat, lng]</c> or <c>[]</c>).</summary>
    public static object? Json(JsonElement obj, string path) => Field(obj, path) is { } e ? e.GetRawText() : null;

    /// <summary>Strava's <c>[lat, lng]</c> as two numbers; <c>[]</c> (no GPS), null or any other shape gives null.</summary>
    public static (double Lat, double Lng)? LatLng(JsonElement obj, string path) =>
        Field(obj, path) is { ValueKind: JsonValueKind.Array } e && e.GetArrayLength() == 2
        && e[0].ValueKind == JsonValueKind.Number && e[1].ValueKind == JsonValueKind.Number
            ? (e[0].GetDouble(), e[1].GetDouble())
            : null;
}
