using System.Text;
using Engine.Core.Compilation;
using Engine.Warehouse.Ansi;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// The statements of each materialization on PostgreSQL. DDL is transactional there, so a replacement is
/// built beside the old relation and renamed into place inside one transaction.
/// </summary>
public sealed class PostgresMaterializationSql : IMaterializationSql
{
    private readonly PostgresDialect _dialect;

    public PostgresMaterializationSql(PostgresDialect dialect) => _dialect = dialect;

    public static PostgresMaterializationSql Instance { get; } = new(PostgresDialect.Instance);

    public Relation Beside(Relation target, string suffix) =>
        target with { Identifier = _dialect.Shorten(target.Identifier + suffix) };

    // The default 4MB sends sorts and hashes of a few hundred thousand rows to disk (measured in bench/pipeline). JIT is
    // off: a table built in the same run has no statistics yet, so an incremental select of 405 rows was costed in the
    // millions and spent 5.9 of its 6.2 s compiling expressions (bench/pipeline, EXPLAIN ANALYZE).
    private const string WorkMem = "set work_mem = '64MB'; set jit = off";

    public string? SessionSetup(int threads) => threads > 1 ? $"set max_parallel_workers_per_gather = 0; {WorkMem}" : WorkMem;

    public string CreateSchema(string schema) => $"create schema if not exists {Q(schema)}";

    public string LockExclusive(IReadOnlyList<Relation> relations) =>
        $"lock table {string.Join(", ", relations.Select(R))} in access exclusive mode";

    public string Savepoint(string name) => $"savepoint {Q(name)}";

    public string RollbackToSavepoint(string name) => $"rollback to savepoint {Q(name)}";

    public string CreateTableAs(Relation target, string sql) => $"create table {R(target)} as (\n{Body(sql)}\n)";

    public string CreateTable(Relation target, IReadOnlyList<ColumnInfo> columns) =>
        $"create table {R(target)} (\n  {string.Join(",\n  ", columns.Select(c => $"{Q(c.Name)} {c.DataType}"))}\n)";

    public string CreateContractedTable(Relation target, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints) =>
        $"create table {R(target)} {AnsiConstraintSql.ColumnList(_dialect, columns, constraints)}";

    public string InsertQuery(Relation target, string sql, IReadOnlyList<string> columns) =>
        $"insert into {R(target)} ({List(columns)})\nselect {List(columns)} from (\n{Body(sql)}\n) as {Q("__engine_contract")}";

    public string CreateTemporaryTableAs(string name, string sql) => $"create temporary table {Q(name)} on commit drop as (\n{Body(sql)}\n)";

    public string CreateView(Relation target, string sql) => $"create view {R(target)} as (\n{Body(sql)}\n)";

    public string CreateMaterializedView(Relation target, string sql) => $"create materialized view {R(target)} as (\n{Body(sql)}\n)";

    public string RefreshMaterializedView(Relation target) => $"refresh materialized view {R(target)}";

    public string Rename(Relation relation, RelationKind kind, string newIdentifier) =>
        $"alter {Keyword(kind)} {R(relation)} rename to {Q(newIdentifier)}";

    public string Drop(Relation relation, RelationKind kind) => $"drop {Keyword(kind)} if exists {R(relation)} cascade";

    public string Comment(Relation relation, RelationKind kind, string comment) =>
        $"comment on {Keyword(kind)} {R(relation)} is {_dialect.StringLiteral(comment)}";

    public string CommentColumn(Relation relation, string column, string comment) =>
        $"comment on column {R(relation)}.{Q(column)} is {_dialect.StringLiteral(comment)}";

    /// <summary>PostgreSQL's <c>grant ... on table</c> covers views and materialized views too.</summary>
    public string Grant(Relation relation, RelationKind kind, string privilege, string grantee) =>
        $"grant {privilege} on table {R(relation)} to {Q(grantee)}";

    public string RecreateView(DependentView view) =>
        $"create {Keyword(view.Kind)} {R(view.Relation)} as\n{view.Definition.Trim().TrimEnd(';')}";

    public string AddColumn(Relation table, ColumnInfo column) => $"alter table {R(table)} add column {Q(column.Name)} {column.DataType}";

    public string DropColumn(Relation table, string column) => $"alter table {R(table)} drop column {Q(column)}";

    public string AlterColumnType(Relation table, ColumnInfo column) =>
        $"alter table {R(table)} alter column {Q(column.Name)} type {column.DataType} using {Q(column.Name)}::{column.DataType}";

    // dbt's aliases: incremental_predicates written for dbt name the two sides this way.
    private const string Dest = "DBT_INTERNAL_DEST";
    private const string Src = "DBT_INTERNAL_SOURCE";

    public string Merge(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string> columns, IReadOnlyList<string>? updateColumns = null, IReadOnlyList<string>? predicates = null)
    {
        var conditions = uniqueKey.Count == 0 ? ["false"] : (predicates ?? []).Select(p => $"({p})").Concat(uniqueKey.Select(k => $"{Dest}.{Q(k)} = {Src}.{Q(k)}")).ToList();
        var updates = (updateColumns ?? columns).Where(c => !uniqueKey.Contains(c, StringComparer.Ordinal)).ToList();
        var sql = new StringBuilder()
            .Append($"merge into {R(target)} as {Dest}\nusing {Q(source)} as {Src}\non ({string.Join("\n    and ", conditions)})\n");
        if (updates.Count > 0 && uniqueKey.Count > 0)
        {
            sql.Append("when matched then update set ").AppendJoin(", ", updates.Select(c => $"{Q(c)} = {Src}.{Q(c)}")).Append('\n');
        }

        return sql.Append($"when not matched then insert ({List(columns)})\nvalues ({List(columns, Src + ".")})").ToString();
    }

    public string? UniqueKeyIndex(Relation target, IReadOnlyList<string> uniqueKey) => uniqueKey.Count == 0 ? null
        : $"create index if not exists {Q(_dialect.Shorten(target.Identifier + "__engine_key"))} on {R(target)} ({List(uniqueKey)})";

    /// <summary>
    /// One row, one column: 1 when <paramref name="staged"/> holds exactly the rows of <paramref name="target"/> (as
    /// multisets; equal counts and nothing of one missing from the other), else 0. The counts go first: a changed
    /// table usually differs there, and the row comparison is skipped.
    /// </summary>
    public string SameRows(Relation staged, Relation target) =>
        $"select case when (select count(*) from {R(staged)}) <> (select count(*) from {R(target)}) then 0\n" +
        $"  when exists (select * from {R(staged)} except all select * from {R(target)}) then 0 else 1 end";

    /// <summary>
    /// One row, one column: 1 when the views <paramref name="staged"/> and <paramref name="target"/> have the same columns
    /// (names and types, in order) and the same definition as PostgreSQL stores it (references resolved, <c>*</c>
    /// expanded), else 0. One statement: a kept view costs one round trip after its creation.
    /// </summary>
    public string SameView(Relation staged, Relation target) =>
        "select case when pg_get_viewdef(views.staged) = pg_get_viewdef(views.target)\n" +
        "  and (select array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) order by attnum) from pg_attribute where attrelid = views.staged and attnum > 0 and not attisdropped)\n" +
        "    = (select array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) order by attnum) from pg_attribute where attrelid = views.target and attnum > 0 and not attisdropped)\n" +
        $"  then 1 else 0 end\nfrom (select {_dialect.StringLiteral(R(staged))}::regclass as staged, {_dialect.StringLiteral(R(target))}::regclass as target) as views";

    public string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null) =>
        (uniqueKey.Count == 1
            ? $"delete from {R(target)} as {Dest}\nwhere {Q(uniqueKey[0])} in (select {Q(uniqueKey[0])} from {Q(source)})"
            : $"delete from {R(target)} as {Dest}\nwhere ({List(uniqueKey)}) in (select distinct {List(uniqueKey)} from {Q(source)})")
        + string.Concat((predicates ?? []).Select(p => $"\n  and ({p})"));

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
        return $"create table {R(target)} as\nselect\n  sbq.*,\n  {ScdId(spec, "sbq", updated)} as {Q(n.ScdId)},\n" +
            $"  {updated} as {Q(n.ValidFrom)},\n  nullif({updated}, {updated}) as {Q(n.ValidTo)},\n  true as {Q(n.IsCurrent)}{deleted}\n" +
            $"from (\n{Body(sql)}\n) sbq";
    }

    public string SnapshotStage(string staging, string sql, SnapshotSpec spec)
    {
        var updated = UpdatedAt(spec, "sbq");
        return $"create temporary table {Q(staging)} on commit drop as\nselect\n  sbq.*,\n  {updated} as \"__engine_updated_at\",\n" +
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
            var gone = $"where snap.{Q(n.IsCurrent)}{(newRecord ? $" and not snap.{Q(n.IsDeleted)}" : string.Empty)}\n" +
                $"  and not exists (select 1 from {Q(staging)} as src where {match})";
            var end = $"update {R(target)} as snap\nset {Q(n.ValidTo)} = {spec.Now}, {Q(n.IsCurrent)} = false\n{gone}";
            statements.Add(newRecord
                ? $"with ended as (\n{end}\nreturning snap.*\n)\ninsert into {R(target)} ({columns})\n" +
                  $"select {List(sourceColumns, "ended.")}, {ScdId(spec, "ended", spec.Now)}, {spec.Now}, null, true, true\nfrom ended"
                : end);
        }

        var newValues = $"{List(sourceColumns, "src.")}, src.\"__engine_scd_id\", src.\"__engine_updated_at\", null, true{(newRecord ? ", false" : string.Empty)}";
        statements.Add(
            $"insert into {R(target)} ({columns})\nselect {newValues}\nfrom {Q(staging)} as src\n" +
            $"where not exists (\n  select 1 from {R(target)} as snap\n  where {match} and snap.{Q(n.IsCurrent)}\n)");
        return statements;
    }

    private string UpdatedAt(SnapshotSpec spec, string alias) => spec.Strategy == "check"
        ? spec.Now
        : IsIdentifier(spec.UpdatedAt!) ? $"{alias}.{Q(spec.UpdatedAt!)}" : spec.UpdatedAt!;

    private string ScdId(SnapshotSpec spec, string alias, string updated) =>
        "md5(" + string.Join(" || '|' || ", spec.UniqueKey.Select(k => $"coalesce(cast({alias}.{Q(k)} as text), '')")) +
        $" || '|' || coalesce(cast({updated} as text), ''))";

    private static bool IsIdentifier(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(text[0]);

    /// <summary>The compiled query without trailing semicolons, which would end the wrapping statement early.</summary>
    private static string Body(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    private static string Keyword(RelationKind kind) => kind switch
    {
        RelationKind.View => "view",
        RelationKind.MaterializedView => "materialized view",
        _ => "table",
    };

    private string List(IEnumerable<string> columns, string prefix = "") => string.Join(", ", columns.Select(c => prefix + Q(c)));

    private string Q(string identifier) => _dialect.QuoteIdentifier(identifier);

    private string R(Relation relation) => _dialect.RelationName(relation);
}
