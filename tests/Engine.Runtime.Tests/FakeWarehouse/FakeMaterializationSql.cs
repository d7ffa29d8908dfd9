using Engine.Core.Compilation;
using Engine.Warehouse;

namespace Engine.Runtime.Tests.FakeWarehouse;

/// <summary>Each statement as <c>OPERATION schema.name</c> on its first line, the SQL it carries below, for <see cref="FakeSession"/>.</summary>
public sealed class FakeMaterializationSql(ISqlDialect dialect) : IMaterializationSql
{
    public Relation Beside(Relation target, string suffix) => target with { Identifier = target.Identifier + suffix };

    public string CreateSchema(string schema) => $"CREATE_SCHEMA {schema}";

    public string? SessionSetup(int threads) => null;

    public string Savepoint(string name) => $"SAVEPOINT {name}";

    public string RollbackToSavepoint(string name) => $"ROLLBACK_TO {name}";

    public string CreateTableAs(Relation target, string sql) => $"CREATE_TABLE_AS {Name(target)}\n{sql}";

    public string CreateTable(Relation target, IReadOnlyList<ColumnInfo> columns) => $"CREATE_TABLE_AS {Name(target)}";

    public string CreateContractedTable(Relation target, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints) => $"CREATE_TABLE_AS {Name(target)}";

    public string CommentColumn(Relation relation, string column, string comment) => $"COMMENT {Name(relation)}";

    public string Grant(Relation relation, RelationKind kind, string privilege, string grantee) => $"GRANT {Name(relation)}";

    public string InsertQuery(Relation target, string sql, IReadOnlyList<string> columns) => $"INSERT {Name(target)}\n{sql}";

    public string CreateTemporaryTableAs(string name, string sql) => $"CREATE_TEMP {name}\n{sql}";

    public string CreateView(Relation target, string sql) => $"CREATE_VIEW {Name(target)}\n{sql}";

    public string CreateMaterializedView(Relation target, string sql) => $"CREATE_VIEW {Name(target)}\n{sql}";

    public string RefreshMaterializedView(Relation target) => $"REFRESH {Name(target)}";

    public string Rename(Relation relation, RelationKind kind, string newIdentifier) => $"RENAME {Name(relation)} {newIdentifier}";

    public string Drop(Relation relation, RelationKind kind) => $"DROP {Name(relation)}";

    public string Comment(Relation relation, RelationKind kind, string comment) => $"COMMENT {Name(relation)}";

    public string AddColumn(Relation table, ColumnInfo column) => $"ADD_COLUMN {Name(table)} {column.Name}";

    public string DropColumn(Relation table, string column) => $"DROP_COLUMN {Name(table)} {column}";

    public string AlterColumnType(Relation table, ColumnInfo column) => $"ALTER_COLUMN {Name(table)} {column.Name}";

    public string Merge(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string> columns, IReadOnlyList<string>? updateColumns = null, IReadOnlyList<string>? predicates = null) => $"MERGE {Name(target)} {source}";

    public string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null) => $"DELETE_MATCHING {Name(target)} {source}";

    public string Insert(Relation target, string source, IReadOnlyList<string> columns) => $"INSERT {Name(target)} {source}";

    public string TestResult(string testSql, string warnIf, string errorIf, int? limit) => $"TEST_RESULT\n{testSql}";

    public string TestSample(string testSql, int rows) => $"TEST_SAMPLE\n{testSql}";

    public string SnapshotCreate(Relation target, string sql, SnapshotSpec spec) => $"CREATE_TABLE_AS {Name(target)}\n{sql}";

    public string SnapshotStage(string staging, string sql, SnapshotSpec spec) => $"CREATE_TEMP {staging}\n{sql}";

    public IReadOnlyList<string> SnapshotApply(Relation target, string staging, SnapshotSpec spec, IReadOnlyList<string> sourceColumns) => [$"SNAPSHOT_APPLY {Name(target)}"];

    /// <summary>schema.name, unquoted: the fake's own key for a relation, not SQL.</summary>
    private static string Name(Relation relation) => $"{relation.Schema}.{relation.Identifier}";

    public override string ToString() => $"fake statements ({dialect.Name})";
}
