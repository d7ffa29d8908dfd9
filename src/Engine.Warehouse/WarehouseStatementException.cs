namespace Engine.Warehouse;

/// <summary>
/// The warehouse refused a statement. <see cref="Position"/> is the 1-based character offset in
/// <see cref="Sql"/> the warehouse pointed at, when it did, so the runner can name the line of the compiled file.
/// </summary>
public sealed class WarehouseStatementException : Exception
{
    public WarehouseStatementException(string message, string sql, int? position, string? code, Exception inner)
        : base(message, inner)
    {
        Sql = sql;
        Position = position;
        Code = code;
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

    /// <summary>The warehouse's error code (SQLSTATE on Postgres).</summary>
    public string? Code { get; }
}
