using System.Globalization;

namespace Engine.Runtime.Seeds;

/// <summary>A seed column's SQL type and how a CSV field becomes a value of it for binary COPY.</summary>
public sealed record SeedColumnType(string SqlType, string CopyType, Func<string, object> Parse)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFF"];

    public static SeedColumnType Boolean { get; } = new("boolean", "boolean", v => ParseBoolean(v) ?? throw new FormatException());
    public static SeedColumnType BigInt { get; } = new("bigint", "bigint", v => long.Parse(v, NumberStyles.AllowLeadingSign, Invariant));
    public static SeedColumnType Numeric { get; } = new("numeric", "numeric", v => decimal.Parse(v, NumberStyles.Float, Invariant));
    public static SeedColumnType Date { get; } = new("date", "date", v => DateOnly.ParseExact(v, DateFormats, Invariant));
    public static SeedColumnType Timestamp { get; } = new("timestamp", "timestamp without time zone", v => DateTime.ParseExact(v, TimestampFormats, Invariant, DateTimeStyles.None));
    public static SeedColumnType Text { get; } = new("text", "text", v => v);

    /// <summary>Candidates in the order inference prefers them: the narrowest type every value fits wins.</summary>
    public static IReadOnlyList<SeedColumnType> Inferable { get; } = [Boolean, BigInt, Numeric, Date, Timestamp, Text];

    /// <summary>A type declared in column_types, or null when seeds cannot load it.</summary>
    public static SeedColumnType? Declared(string declared)
    {
        var type = declared.Trim();
        var baseName = type.Split('(')[0].Trim().ToLowerInvariant();
        return baseName switch
        {
            "text" or "varchar" or "character varying" or "char" or "character" or "json" or "jsonb" => new(type, baseName is "json" or "jsonb" ? baseName : "text", v => v),
            "bigint" or "int8" => BigInt with { SqlType = type },
            "integer" or "int" or "int4" => new(type, "integer", v => int.Parse(v, NumberStyles.AllowLeadingSign, Invariant)),
            "smallint" or "int2" => new(type, "smallint", v => short.Parse(v, NumberStyles.AllowLeadingSign, Invariant)),
            "numeric" or "decimal" => Numeric with { SqlType = type },
            "double precision" or "float8" or "float" => new(type, "double precision", v => double.Parse(v, NumberStyles.Float, Invariant)),
            "real" or "float4" => new(type, "real", v => float.Parse(v, NumberStyles.Float, Invariant)),
            "boolean" or "bool" => Boolean with { SqlType = type },
            "date" => Date with { SqlType = type },
            "timestamp" or "timestamp without time zone" => Timestamp with { SqlType = type },
            "timestamptz" or "timestamp with time zone" => new(type, "timestamp with time zone", v => DateTimeOffset.Parse(v, Invariant, DateTimeStyles.AssumeUniversal).UtcDateTime),
            "uuid" => new(type, "uuid", v => Guid.Parse(v)),
            _ => null,
        };
    }

    public bool Accepts(string value)
    {
        try
        {
            Parse(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static bool? ParseBoolean(string value) => value.ToLowerInvariant() switch
    {
        "true" or "t" => true,
        "false" or "f" => false,
        _ => null,
    };
}
