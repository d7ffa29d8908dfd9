namespace Engine.Warehouse;

/// <summary>
/// The warehouse could not be reached, refused the login, or went away mid-run. The session that met it is not
/// reused. The message names what failed (host and port, database, user), never a password.
/// </summary>
public sealed class WarehouseConnectionException : Exception
{
    public WarehouseConnectionException(WarehouseErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public WarehouseConnectionException()
    {
    }

    public WarehouseConnectionException(string message)
        : base(message)
    {
    }

    public WarehouseConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WarehouseErrorKind Kind { get; } = WarehouseErrorKind.ConnectionLost;
}
