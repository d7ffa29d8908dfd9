namespace Engine.Warehouse.Snowflake.Api;

/// <summary>Snowflake refused a request: its HTTP status, its own code and SQLSTATE, and its message.</summary>
public sealed class SnowflakeApiException : Exception
{
    public SnowflakeApiException(int status, string? code, string? sqlState, string message)
        : base(message)
    {
        Status = status;
        Code = code;
        SqlState = sqlState;
    }

    public SnowflakeApiException()
    {
    }

    public SnowflakeApiException(string message)
        : base(message)
    {
    }

    public SnowflakeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }

    public string? Code { get; }

    public string? SqlState { get; }
}
