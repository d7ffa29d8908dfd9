using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Warehouse;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>
/// Reads the first line of each statement <see cref="FakeMaterializationSql"/> wrote (<c>CREATE_VIEW schema.name</c>)
/// and keeps the relation; every test query answers "no failing rows".
/// </summary>
public sealed class FakeSession(FakeWarehouse warehouse) : IWarehouseSession
{
    public Task<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        warehouse.Journal.Enqueue(sql);
        var words = sql.Split('\n', 2)[0].Split(' ');
        switch (words[0])
        {
            case "CREATE_VIEW":
                warehouse.Relations[words[1]] = RelationKind.View;
                break;
            case "CREATE_TABLE_AS":
                warehouse.Relations[words[1]] = RelationKind.Table;
                break;
            case "DROP":
                warehouse.Relations.TryRemove(words[1], out _);
                break;
        }

        return Task.FromResult(new StatementResult(words[0], null));
    }

    public Task<QueryResult> QueryAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        warehouse.Journal.Enqueue(sql);
        return Task.FromResult(new QueryResult(["failures", "should_warn", "should_error"], [["0", "false", "false"]]));
    }

    public Task BeginAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RollbackAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RelationInfo?> DescribeAsync(Relation relation, CancellationToken cancellationToken) =>
        Task.FromResult(warehouse.Relations.TryGetValue($"{relation.Schema}.{relation.Identifier}", out var kind) ? new RelationInfo(relation, kind) : null);

    public Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(string relationText, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ColumnInfo>>([]);

    public Task<IReadOnlyList<RelationInfo>> ListRelationsAsync(IReadOnlyCollection<string> schemas, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RelationInfo>>([.. warehouse.Relations
            .Select(r => (Name: r.Key.Split('.'), Kind: r.Value))
            .Where(r => schemas.Contains(r.Name[0]))
            .Select(r => new RelationInfo(new Relation(null, r.Name[0], r.Name[1]), r.Kind))]);

    public Task<IReadOnlyList<DependentView>> DependentViewsAsync(Relation relation, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DependentView>>([]);

    public Task<long> CopyInAsync(Relation table, IReadOnlyList<ColumnInfo> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake warehouse loads no seeds");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
