namespace Engine.Warehouse.Snowflake.Api;

/// <summary>The private key of a Snowflake target is missing or unreadable; the message never holds the key or its passphrase.</summary>
public sealed class SnowflakeKeyException : Exception
{
    public SnowflakeKeyException()
    {
    }

    public SnowflakeKeyException(string message)
        : base(message)
    {
    }

    public SnowflakeKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
