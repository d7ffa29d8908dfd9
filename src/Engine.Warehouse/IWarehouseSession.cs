using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>One connection to the warehouse, with at most one open transaction.</summary>
public interface IWarehouseSession : IAsyncDisposable
{
    /// <summary>Runs one statement (several separated by semicolons are allowed); the result is the last statement's.</summary>
    /// <exception cref="WarehouseStatementException">The warehouse refused the statement.</exception>
    Task<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>The first <paramref name="maxRows"/> rows of a query, every value as text.</summary>
    Task<QueryResult> QueryAsync(string sql, int maxRows, CancellationToken cancellationToken);

    /// <summary>
    /// A query with bound parameters (a dashboard's filters), values typed by the warehouse, dates and times in ISO 8601.
    /// A warehouse that cannot bind yet refuses parameters rather than splicing them into the text.
    /// </summary>
    Task<QueryResult> QueryAsync(string sql, IReadOnlyList<QueryParameter> parameters, int maxRows, CancellationToken cancellationToken) =>
        parameters.Count == 0 ? QueryAsync(sql, maxRows, cancellationToken) : throw new NotSupportedException("this warehouse does not bind query parameters yet");

    Task BeginAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);

    /// <summary>The relation's kind and columns, or null when it does not exist.</summary>
    Task<RelationInfo?> DescribeAsync(Relation relation, CancellationToken cancellationToken);

    /// <summary>Columns of a relation named as SQL text (a temporary table has no schema), in order.</summary>
    Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(string relationText, CancellationToken cancellationToken);

    /// <summary>Every table, view and materialized view in <paramref name="schemas"/>, in one round trip.</summary>
    Task<IReadOnlyList<RelationInfo>> ListRelationsAsync(IReadOnlyCollection<string> schemas, CancellationToken cancellationToken);

    /// <summary>
    /// Views and materialized views that read <paramref name="relation"/>, directly or through each other,
    /// in an order in which they can be created again.
    /// </summary>
    Task<IReadOnlyList<DependentView>> DependentViewsAsync(Relation relation, CancellationToken cancellationToken);

    /// <summary>Streams rows into a table with the warehouse's bulk path (binary COPY on Postgres).</summary>
    Task<long> CopyInAsync(Relation table, IReadOnlyList<ColumnInfo> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>
    /// The data version of every table CDC writes on this warehouse, keyed <c>schema.table</c> (the current state and its
    /// change log alike): the last position applied to it. A build skips a node whose inputs kept their versions; a
    /// warehouse that does not record them returns none, and nothing reading its sources is skipped.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> SourceVersionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}
