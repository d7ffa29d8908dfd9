namespace Engine.Warehouse.Snowflake;

/// <summary>
/// PostgreSQL type names (a CDC source's <c>format_type</c>, a seed's inferred type) as the Snowflake type that holds the
/// same values, following Snowflake's data type documentation: integers are NUMBER(38,0), floats FLOAT (double
/// precision), json/jsonb VARIANT, timestamptz TIMESTAMP_TZ.
/// </summary>
public static class SnowflakeTypes
{
    public static string FromPostgres(string sourceType)
    {
        var type = sourceType.Trim().ToLowerInvariant();
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return "variant";
        }

        if (type.StartsWith("numeric", StringComparison.Ordinal) || type.StartsWith("decimal", StringComparison.Ordinal))
        {
            return type.Contains('(', StringComparison.Ordinal) ? "number" + type[type.IndexOf('(', StringComparison.Ordinal)..] : "number(38,9)";
        }

        if (type.StartsWith("character varying", StringComparison.Ordinal) || type.StartsWith("varchar", StringComparison.Ordinal)
            || type.StartsWith("character", StringComparison.Ordinal) || type.StartsWith("char", StringComparison.Ordinal))
        {
            return "varchar";
        }

        if (type.StartsWith("timestamp", StringComparison.Ordinal))
        {
            return type.Contains("with time zone", StringComparison.Ordinal) && !type.Contains("without", StringComparison.Ordinal) ? "timestamp_tz" : "timestamp_ntz";
        }

        return type switch
        {
            "bigint" or "integer" or "smallint" or "int" or "int4" or "int8" or "int2" => "number(38,0)",
            "double precision" or "real" or "float8" or "float4" => "float",
            "boolean" or "bool" => "boolean",
            "date" => "date",
            "json" or "jsonb" => "variant",
            "bytea" => "binary",
            "time" or "time without time zone" => "time",
            "timestamptz" => "timestamp_tz",
            _ => "varchar",
        };
    }

    /// <summary>A seed column's type: its PostgreSQL-style name mapped, Snowflake names kept.</summary>
    public static string FromSeed(string type) => type.ToLowerInvariant() switch
    {
        "text" or "uuid" => "varchar",
        "numeric" => "number(38,9)",
        "timestamp" => "timestamp_ntz",
        var other => FromPostgres(other),
    };

    /// <summary>Whether values of the type need <c>parse_json</c> on the way in.</summary>
    public static bool IsSemiStructured(string snowflakeType) => snowflakeType is "variant" or "object" or "array";
}
