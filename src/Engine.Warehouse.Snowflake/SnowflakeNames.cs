namespace Engine.Warehouse.Snowflake;

/// <summary>
/// Snowflake stores an unquoted name in upper case and a quoted one as written. The engine writes simple names unquoted
/// (<see cref="SnowflakeDialect.QuoteIdentifier"/>), so it asks the catalog for their upper-case form and reads an
/// all-upper-case name back as the lower-case name the project wrote.
/// </summary>
public static class SnowflakeNames
{
    /// <summary>The name as the catalog holds it.</summary>
    public static string Stored(string name) =>
        SnowflakeDialect.Instance.QuoteIdentifier(name) == name ? name.ToUpperInvariant() : name;

    /// <summary>A catalog name as the project writes it.</summary>
    public static string Read(string stored) =>
        stored.Length > 0 && stored == stored.ToUpperInvariant() && SnowflakeDialect.Instance.QuoteIdentifier(stored) == stored ? stored.ToLowerInvariant() : stored;
}
