namespace Engine.Warehouse;

/// <summary>
/// The warehouse refused a statement. <see cref="Position"/> is the 1-based character offset in
/// <see cref="Sql"/> the warehouse pointed at, when it did, so the runner can name the line of the compiled file.
/// </summary>
public sealed class WarehouseStatementException : Exception
{
    public WarehouseStatementException(string message, string sql, int? position, string? code, Exception inner, WarehouseErrorKind kind = WarehouseErrorKind.Statement)
        : base(message, inner)
    {
        Sql = sql;
        Position = position;
        Code = code;
        Kind = kind;
    }

    public WarehouseStatementException()
    {
        Sql = string.Empty;
    }

    public WarehouseStatementException(string message)
        : base(message)
    {
        Sql = string.Empty;
    }

    public WarehouseStatementException(string message, Exception innerException)
        : base(message, innerException)
    {
        Sql = string.Empty;
    }

    public string Sql { get; }

    public int? Position { get; }

    /// <summary>The warehouse's own error code (SQLSTATE on Postgres), for messages; decisions use <see cref="Kind"/>.</summary>
    public string? Code { get; }

    public WarehouseErrorKind Kind { get; } = WarehouseErrorKind.Statement;

    /// <summary>The first <see cref="WarehouseStatementException"/> in <paramref name="error"/>'s chain of inner exceptions.</summary>
    public static WarehouseStatementException? Find(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is WarehouseStatementException found)
            {
                return found;
            }
        }

        return null;
    }
}
