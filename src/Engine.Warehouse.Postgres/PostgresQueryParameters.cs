using System.Globalization;
using NpgsqlTypes;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// Dashboard filter values as typed Npgsql parameters, and query results as text a browser reads without guessing:
/// dates as yyyy-MM-dd, timestamps as ISO 8601, numbers with a '.'.
/// </summary>
public static class PostgresQueryParameters
{
    public static Npgsql.NpgsqlParameter ToNpgsql(QueryParameter parameter)
    {
        var type = parameter.Type switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "numeric" => NpgsqlDbType.Numeric,
            "date" => NpgsqlDbType.Date,
            _ => NpgsqlDbType.Text,
        };
        return new Npgsql.NpgsqlParameter(parameter.Name, type) { Value = parameter.Value is null ? DBNull.Value : Parse(parameter.Value, type) };
    }

    /// <summary>Invalid text for the type is refused here, before the warehouse sees it.</summary>
    private static object Parse(string value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        NpgsqlDbType.Integer => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        NpgsqlDbType.Numeric => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture),
        NpgsqlDbType.Date => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    public static string? Text(object value) => value switch
    {
        DBNull => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime { TimeOfDay.Ticks: 0 } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
