using Engine.Core.Compilation;
using Engine.Warehouse.Ansi;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// The statements of each materialization on PostgreSQL. DDL is transactional there, so a replacement is
/// built beside the old relation and renamed into place inside one transaction.
/// </summary>
public sealed class PostgresMaterializationSql : AnsiMaterializationSql
{
    private readonly PostgresDialect _dialect;

    public PostgresMaterializationSql(PostgresDialect dialect)
        : base(dialect) => _dialect = dialect;

    public static PostgresMaterializationSql Instance { get; } = new(PostgresDialect.Instance);

    protected override string TextType => "text";

    protected override string NeverTrue => "false";

    public override Relation Beside(Relation target, string suffix) =>
        target with { Identifier = _dialect.Shorten(target.Identifier + suffix) };

    // The default 4MB sends sorts and hashes of a few hundred thousand rows to disk (measured in bench/pipeline). JIT is
    // off: a table built in the same run has no statistics yet, so an incremental select of 405 rows was costed in the
    // millions and spent 5.9 of its 6.2 s compiling expressions (bench/pipeline, EXPLAIN ANALYZE).
    private const string WorkMem = "set work_mem = '64MB'; set jit = off";

    public override string? SessionSetup(int threads) => threads > 1 ? $"set max_parallel_workers_per_gather = 0; {WorkMem}" : WorkMem;

    public string LockExclusive(IReadOnlyList<Relation> relations) =>
        $"lock table {string.Join(", ", relations.Select(R))} in access exclusive mode";

    protected override string CreateScratchTable(string name) => $"create temporary table {Q(name)} on commit drop";

    public override string RefreshMaterializedView(Relation target) => $"refresh materialized view {R(target)}";

    /// <summary>PostgreSQL's <c>grant ... on table</c> covers views and materialized views too.</summary>
    public override string Grant(Relation relation, RelationKind kind, string privilege, string grantee) =>
        $"grant {privilege} on table {R(relation)} to {Q(grantee)}";

    public string RecreateView(DependentView view) =>
        $"create {Keyword(view.Kind)} {R(view.Relation)} as\n{view.Definition.Trim().TrimEnd(';')}";

    public override string AlterColumnType(Relation table, ColumnInfo column) =>
        $"alter table {R(table)} alter column {Q(column.Name)} type {column.DataType} using {Q(column.Name)}::{column.DataType}";

    public override string? UniqueKeyIndex(Relation target, IReadOnlyList<string> uniqueKey) => uniqueKey.Count == 0 ? null
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

    /// <summary>
    /// The columns of the view <paramref name="view"/> as <c>name type-oid type</c>, in order; no row when no such view
    /// exists. Read beside <see cref="ColumnsOf"/> to keep a view whose select gives the same columns.
    /// </summary>
    public string ViewColumns(Relation view) =>
        "select attname::text || ' ' || atttypid::text || ' ' || format_type(atttypid, atttypmod) from pg_attribute\n" +
        $"where attrelid = (select oid from pg_class where oid = to_regclass({_dialect.StringLiteral(R(view))}) and relkind = 'v') and attnum > 0 and not attisdropped\n" +
        "order by attnum";

    /// <summary>A query whose result has the columns <paramref name="sql"/> gives, planned but not run (<c>limit 0</c>).</summary>
    public string ColumnsOf(string sql) => $"select * from (\n{Body(sql)}\n) as {Q("__engine_columns")}\nlimit 0";

    public override string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null) =>
        (uniqueKey.Count == 1
            ? $"delete from {R(target)} as {Dest}\nwhere {Q(uniqueKey[0])} in (select {Q(uniqueKey[0])} from {Q(source)})"
            : $"delete from {R(target)} as {Dest}\nwhere ({List(uniqueKey)}) in (select distinct {List(uniqueKey)} from {Q(source)})")
        + string.Concat((predicates ?? []).Select(p => $"\n  and ({p})"));

    /// <summary>With <c>returning</c>, one statement ends the vanished versions and records their deletions.</summary>
    protected override IEnumerable<string> SnapshotEndVanished(Relation target, SnapshotSpec spec, IReadOnlyList<string> sourceColumns, string columns, string vanished)
    {
        var end = SnapshotEnd(target, spec, vanished);
        yield return spec.HardDeletes == "new_record"
            ? $"with ended as (\n{end}\nreturning snap.*\n)\ninsert into {R(target)} ({columns})\n" +
              $"select {List(sourceColumns, "ended.")}, {ScdId(spec, "ended", spec.Now)}, {spec.Now}, null, true, true\nfrom ended"
            : end;
    }
}
