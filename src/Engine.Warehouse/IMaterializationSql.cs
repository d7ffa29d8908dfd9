using Engine.Core.Compilation;

namespace Engine.Warehouse;

/// <summary>
/// The statements each materialization runs, as text. Implementations never open a connection, so the
/// statements are snapshot-tested per dialect; <see cref="IWarehouse"/> runs them.
/// </summary>
public interface IMaterializationSql
{
    /// <summary>The name of a relation built beside <paramref name="target"/> (<c>__engine_tmp</c>, <c>__engine_backup</c>).</summary>
    Relation Beside(Relation target, string suffix);

    string CreateSchema(string schema);

    /// <summary>
    /// Statements run once on each session of a build that runs <paramref name="threads"/> nodes at once, or
    /// null: memory settings for the warehouse's queries, and, when nodes run concurrently, no intra-query parallelism
    /// (the concurrent nodes already use the cores, so it only adds overhead).
    /// </summary>
    string? SessionSetup(int threads);

    string Savepoint(string name);

    string RollbackToSavepoint(string name);

    string CreateTableAs(Relation target, string sql);

    string CreateTable(Relation target, IReadOnlyList<ColumnInfo> columns);

    string CreateTemporaryTableAs(string name, string sql);

    /// <summary>An empty table with a contract's columns, types and the constraints the warehouse enforces.</summary>
    string CreateContractedTable(Relation target, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints);

    /// <summary>A query's rows into <paramref name="target"/>, its columns named (a contracted table's order, not the query's).</summary>
    string InsertQuery(Relation target, string sql, IReadOnlyList<string> columns);

    string CreateView(Relation target, string sql);

    string CreateMaterializedView(Relation target, string sql);

    string RefreshMaterializedView(Relation target);

    string Rename(Relation relation, RelationKind kind, string newIdentifier);

    string Drop(Relation relation, RelationKind kind);

    string Comment(Relation relation, RelationKind kind, string comment);

    /// <summary>A column's description as its comment (<c>persist_docs: {columns: true}</c>).</summary>
    string CommentColumn(Relation relation, string column, string comment);

    /// <summary>One privilege on the relation to one grantee (<c>grants:</c>), applied after each build.</summary>
    string Grant(Relation relation, RelationKind kind, string privilege, string grantee);

    string AddColumn(Relation table, ColumnInfo column);

    string DropColumn(Relation table, string column);

    string AlterColumnType(Relation table, ColumnInfo column);

    /// <summary>
    /// Merges <paramref name="source"/> into <paramref name="target"/>, aliased as dbt does (<c>DBT_INTERNAL_DEST</c>,
    /// <c>DBT_INTERNAL_SOURCE</c>) so <paramref name="predicates"/> written for dbt work unchanged; matched rows get
    /// <paramref name="updateColumns"/> (all non-key columns when null).
    /// </summary>
    string Merge(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string> columns, IReadOnlyList<string>? updateColumns = null, IReadOnlyList<string>? predicates = null);

    /// <summary>
    /// An index on an incremental model's unique key, created once when missing, so a merge of a few rows looks them up
    /// instead of scanning the table; null on a warehouse without indexes.
    /// </summary>
    string? UniqueKeyIndex(Relation target, IReadOnlyList<string> uniqueKey) => null;

    /// <summary>Deletes the target's rows whose key is in <paramref name="source"/> and that meet every one of <paramref name="predicates"/> (the target aliased <c>DBT_INTERNAL_DEST</c>).</summary>
    string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null);

    string Insert(Relation target, string source, IReadOnlyList<string> columns);

    /// <summary>One row: <c>failures</c>, <c>should_warn</c>, <c>should_error</c>, as dbt's test wrapper.</summary>
    string TestResult(string testSql, string warnIf, string errorIf, int? limit);

    string TestSample(string testSql, int rows);

    string SnapshotCreate(Relation target, string sql, SnapshotSpec spec);

    string SnapshotStage(string staging, string sql, SnapshotSpec spec);

    /// <summary>Ends the current version of every row that changed, or (hard deletes) vanished from the source.</summary>
    IReadOnlyList<string> SnapshotApply(Relation target, string staging, SnapshotSpec spec, IReadOnlyList<string> sourceColumns);
}
