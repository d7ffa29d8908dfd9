using System.Text;
using Engine.Core.Compilation;

namespace Engine.Warehouse.Ansi;

/// <summary>
/// The materialization statements most warehouses write alike, in standard SQL. An adapter's class overrides only what
/// its warehouse writes differently (how a table is created, renamed or granted, scratch tables, savepoints), so the
/// differences stay easy to see.
/// </summary>
public abstract class AnsiMaterializationSql : IMaterializationSql
{
    // dbt's aliases: incremental_predicates written for dbt name the two sides this way.
    protected const string Dest = "DBT_INTERNAL_DEST";
    protected const string Src = "DBT_INTERNAL_SOURCE";

    private readonly ISqlDialect _dialect;

    protected AnsiMaterializationSql(ISqlDialect dialect) => _dialect = dialect;

    /// <summary>How a statement creating a relation begins: <c>create</c>, or <c>create or replace</c> where DDL is not transactional.</summary>
    protected virtual string CreateVerb => "create";

    /// <summary>The kind of table a model's table is created as (<c>table</c>, <c>transient table</c>).</summary>
    protected virtual string TableKeyword => "table";

    /// <summary>The type a key is cast to before it is hashed into a snapshot's scd id.</summary>
    protected virtual string TextType => "varchar";

    /// <summary>A condition that never holds: a merge without a unique key inserts every row.</summary>
    protected virtual string NeverTrue => "1 = 0";

    public virtual Relation Beside(Relation target, string suffix) => target with { Identifier = target.Identifier + suffix };

    public virtual string? SessionSetup(int threads) => null;

    public string CreateSchema(string schema) => $"create schema if not exists {Q(schema)}";

    public virtual string Savepoint(string name) => $"savepoint {Q(name)}";

    public virtual string RollbackToSavepoint(string name) => $"rollback to savepoint {Q(name)}";

    public string CreateTableAs(Relation target, string sql) => $"{CreateVerb} {TableKeyword} {R(target)} as (\n{Body(sql)}\n)";

    public string CreateTable(Relation target, IReadOnlyList<ColumnInfo> columns) =>
        $"{CreateVerb} {TableKeyword} {R(target)} (\n  {string.Join(",\n  ", columns.Select(c => $"{Q(c.Name)} {ColumnType(c.DataType)}"))}\n)";

    public string CreateContractedTable(Relation target, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints) =>
        $"{CreateVerb} {TableKeyword} {R(target)} {AnsiConstraintSql.ColumnList(_dialect, columns, constraints)}";

    public string InsertQuery(Relation target, string sql, IReadOnlyList<string> columns) =>
        $"insert into {R(target)} ({List(columns)})\nselect {List(columns)} from (\n{Body(sql)}\n) as {Q("__engine_contract")}";

    public string CreateTemporaryTableAs(string name, string sql) => $"{CreateScratchTable(name)} as (\n{Body(sql)}\n)";

    public string CreateView(Relation target, string sql) => $"{CreateVerb} view {R(target)} as (\n{Body(sql)}\n)";

    public string CreateMaterializedView(Relation target, string sql) => $"{CreateVerb} materialized view {R(target)} as (\n{Body(sql)}\n)";

    public abstract string RefreshMaterializedView(Relation target);

    public virtual string Rename(Relation relation, RelationKind kind, string newIdentifier) =>
        $"alter {Keyword(kind)} {R(relation)} rename to {Q(newIdentifier)}";

    public string Drop(Relation relation, RelationKind kind) => $"drop {Keyword(kind)} if exists {R(relation)} cascade";

    public string Comment(Relation relation, RelationKind kind, string comment) =>
        $"comment on {Keyword(kind)} {R(relation)} is {_dialect.StringLiteral(comment)}";

    public string CommentColumn(Relation relation, string column, string comment) =>
        $"comment on column {R(relation)}.{Q(column)} is {_dialect.StringLiteral(comment)}";

    public abstract string Grant(Relation relation, RelationKind kind, string privilege, string grantee);

    public string AddColumn(Relation table, ColumnInfo column) => $"alter table {R(table)} add column {Q(column.Name)} {column.DataType}";

    public string DropColumn(Relation table, string column) => $"alter table {R(table)} drop column {Q(column)}";

    public virtual string AlterColumnType(Relation table, ColumnInfo column) =>
        $"alter table {R(table)} alter column {Q(column.Name)} set data type {column.DataType}";

    public string Merge(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string> columns, IReadOnlyList<string>? updateColumns = null, IReadOnlyList<string>? predicates = null)
    {
        var conditions = uniqueKey.Count == 0 ? [NeverTrue] : (predicates ?? []).Select(p => $"({p})").Concat(uniqueKey.Select(k => $"{Dest}.{Q(k)} = {Src}.{Q(k)}")).ToList();
        var updates = (updateColumns ?? columns).Where(c => !uniqueKey.Contains(c, StringComparer.Ordinal)).ToList();
        var sql = new StringBuilder()
            .Append($"merge into {R(target)} as {Dest}\nusing {Q(source)} as {Src}\non ({string.Join("\n    and ", conditions)})\n");
        if (updates.Count > 0 && uniqueKey.Count > 0)
        {
            sql.Append("when matched then update set ").AppendJoin(", ", updates.Select(c => $"{Q(c)} = {Src}.{Q(c)}")).Append('\n');
        }

        return sql.Append($"when not matched then insert ({List(columns)})\nvalues ({List(columns, Src + ".")})").ToString();
    }

    // Declared here (not only as the interface's default) so that an adapter's override is the one the interface calls.
    public virtual string? UniqueKeyIndex(Relation target, IReadOnlyList<string> uniqueKey) => null;

    public abstract string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null);

    public string Insert(Relation target, string source, IReadOnlyList<string> columns) =>
        $"insert into {R(target)} ({List(columns)})\nselect {List(columns)} from {Q(source)}";

    public string TestResult(string testSql, string warnIf, string errorIf, int? limit) =>
        "select\n  count(*) as failures,\n" +
        $"  count(*) {warnIf} as should_warn,\n  count(*) {errorIf} as should_error\nfrom (\n{Body(testSql)}\n{(limit is { } n ? $"limit {n}\n" : string.Empty)}) dbt_internal_test";

    public string TestSample(string testSql, int rows) => $"select * from (\n{Body(testSql)}\n) dbt_internal_sample\nlimit {rows}";

    public string SnapshotCreate(Relation target, string sql, SnapshotSpec spec)
    {
        var n = spec.Names;
        var updated = UpdatedAt(spec, "sbq");
        var deleted = spec.HardDeletes == "new_record" ? $",\n  false as {Q(n.IsDeleted)}" : string.Empty;
        return $"{CreateVerb} table {R(target)} as\nselect\n  sbq.*,\n  {ScdId(spec, "sbq", updated)} as {Q(n.ScdId)},\n" +
            $"  {updated} as {Q(n.ValidFrom)},\n  nullif({updated}, {updated}) as {Q(n.ValidTo)},\n  true as {Q(n.IsCurrent)}{deleted}\n" +
            $"from (\n{Body(sql)}\n) sbq";
    }

    public string SnapshotStage(string staging, string sql, SnapshotSpec spec)
    {
        var updated = UpdatedAt(spec, "sbq");
        return $"{CreateScratchTable(staging)} as\nselect\n  sbq.*,\n  {updated} as \"__engine_updated_at\",\n" +
            $"  {ScdId(spec, "sbq", updated)} as \"__engine_scd_id\"\nfrom (\n{Body(sql)}\n) sbq";
    }

    public IReadOnlyList<string> SnapshotApply(Relation target, string staging, SnapshotSpec spec, IReadOnlyList<string> sourceColumns)
    {
        var n = spec.Names;
        var newRecord = spec.HardDeletes == "new_record";
        var match = string.Join(" and ", spec.UniqueKey.Select(k => $"snap.{Q(k)} = src.{Q(k)}"));
        var changed = spec.Strategy == "check"
            ? string.Join("\n    or ", (spec.CheckColumns.IsDefaultOrEmpty ? sourceColumns : spec.CheckColumns).Select(c => $"snap.{Q(c)} is distinct from src.{Q(c)}"))
            : $"snap.{Q(n.ValidFrom)} < src.\"__engine_updated_at\"";
        if (newRecord)
        {
            changed += $"\n    or snap.{Q(n.IsDeleted)}";
        }

        var statements = new List<string>
        {
            $"update {R(target)} as snap\nset {Q(n.ValidTo)} = src.\"__engine_updated_at\", {Q(n.IsCurrent)} = false\nfrom {Q(staging)} as src\n" +
            $"where {match}\n  and snap.{Q(n.IsCurrent)}\n  and (\n    {changed}\n  )",
        };

        var meta = new List<string> { n.ScdId, n.ValidFrom, n.ValidTo, n.IsCurrent };
        if (newRecord)
        {
            meta.Add(n.IsDeleted);
        }

        var columns = List([.. sourceColumns, .. meta]);
        if (spec.HardDeletes is "invalidate" or "new_record")
        {
            var vanished = $"snap.{Q(n.IsCurrent)}{(newRecord ? $" and not snap.{Q(n.IsDeleted)}" : string.Empty)}\n" +
                $"  and not exists (select 1 from {Q(staging)} as src where {match})";
            statements.AddRange(SnapshotEndVanished(target, spec, sourceColumns, columns, vanished));
        }

        var newValues = $"{List(sourceColumns, "src.")}, src.\"__engine_scd_id\", src.\"__engine_updated_at\", null, true{(newRecord ? ", false" : string.Empty)}";
        statements.Add(
            $"insert into {R(target)} ({columns})\nselect {newValues}\nfrom {Q(staging)} as src\n" +
            $"where not exists (\n  select 1 from {R(target)} as snap\n  where {match} and snap.{Q(n.IsCurrent)}\n)");
        return statements;
    }

    /// <summary>
    /// Ends the current versions of rows gone from the source (<paramref name="vanished"/>, over the target aliased
    /// <c>snap</c>) and, under <c>hard_deletes: new_record</c>, records each deletion as a new current version.
    /// Without <c>returning</c>, the deletion records are written first, from the versions about to end (they are
    /// themselves deleted records, so the update after them leaves them current).
    /// </summary>
    protected virtual IEnumerable<string> SnapshotEndVanished(Relation target, SnapshotSpec spec, IReadOnlyList<string> sourceColumns, string columns, string vanished)
    {
        if (spec.HardDeletes == "new_record")
        {
            yield return $"insert into {R(target)} ({columns})\nselect {List(sourceColumns, "snap.")}, {ScdId(spec, "snap", spec.Now)}, {spec.Now}, null, true, true\n" +
                $"from {R(target)} as snap\nwhere {vanished}";
        }

        yield return SnapshotEnd(target, spec, vanished);
    }

    protected string SnapshotEnd(Relation target, SnapshotSpec spec, string vanished) =>
        $"update {R(target)} as snap\nset {Q(spec.Names.ValidTo)} = {spec.Now}, {Q(spec.Names.IsCurrent)} = false\nwhere {vanished}";

    /// <summary>How the statement creating a node's scratch table <paramref name="name"/> begins, up to its <c>as</c>.</summary>
    protected abstract string CreateScratchTable(string name);

    /// <summary>A seed column's type as this warehouse spells it.</summary>
    protected virtual string ColumnType(string dataType) => dataType;

    protected string UpdatedAt(SnapshotSpec spec, string alias) => spec.Strategy == "check"
        ? spec.Now
        : IsIdentifier(spec.UpdatedAt!) ? $"{alias}.{Q(spec.UpdatedAt!)}" : spec.UpdatedAt!;

    protected string ScdId(SnapshotSpec spec, string alias, string updated) =>
        "md5(" + string.Join(" || '|' || ", spec.UniqueKey.Select(k => $"coalesce(cast({alias}.{Q(k)} as {TextType}), '')")) +
        $" || '|' || coalesce(cast({updated} as {TextType}), ''))";

    private static bool IsIdentifier(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(text[0]);

    /// <summary>The compiled query without trailing semicolons, which would end the wrapping statement early.</summary>
    protected static string Body(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    protected static string Keyword(RelationKind kind) => kind switch
    {
        RelationKind.View => "view",
        RelationKind.MaterializedView => "materialized view",
        _ => "table",
    };

    protected string List(IEnumerable<string> columns, string prefix = "") => string.Join(", ", columns.Select(c => prefix + Q(c)));

    protected string Q(string identifier) => _dialect.QuoteIdentifier(identifier);

    protected string R(Relation relation) => _dialect.RelationName(relation);
}
