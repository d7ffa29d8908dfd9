using System.Text;
using Engine.Core.Compilation;
using Engine.Warehouse.Ansi;

namespace Engine.Warehouse.Snowflake;

/// <summary>
/// The statements of each materialization on Snowflake. DDL commits by itself there and a SQL API request is its own
/// session, so: a replaced table is built beside the old one and put in place with <c>swap with</c> (one atomic
/// statement); a view is <c>create or replace</c>d; the "temporary" tables of incremental and snapshot runs are transient
/// tables in the target schema that the session drops when the node's work ends.
/// </summary>
public sealed class SnowflakeMaterializationSql : IMaterializationSql
{
    /// <summary>How the statements creating a node's scratch tables begin; the session drops those tables afterwards.</summary>
    public const string ScratchTablePrefix = "create or replace transient table /* engine scratch */ ";

    private readonly SnowflakeDialect _dialect;
    private readonly bool _transient;

    /// <param name="transient">Tables without Fail-safe and Time Travel beyond a day, as dbt-snowflake creates by default.</param>
    public SnowflakeMaterializationSql(SnowflakeDialect dialect, bool transient = true)
    {
        _dialect = dialect;
        _transient = transient;
    }

    public static SnowflakeMaterializationSql Instance { get; } = new(SnowflakeDialect.Instance);

    private string TableKeyword => _transient ? "transient table" : "table";

    public Relation Beside(Relation target, string suffix) => target with { Identifier = target.Identifier + suffix };

    public string? SessionSetup(int threads) => null;

    public string CreateSchema(string schema) => $"create schema if not exists {Q(schema)}";

    public string Savepoint(string name) => "select 1";

    public string RollbackToSavepoint(string name) => "select 1";

    public string CreateTableAs(Relation target, string sql) => $"create or replace {TableKeyword} {R(target)} as (\n{Body(sql)}\n)";

    public string CreateTable(Relation target, IReadOnlyList<ColumnInfo> columns) =>
        $"create or replace {TableKeyword} {R(target)} (\n  {string.Join(",\n  ", columns.Select(c => $"{Q(c.Name)} {SnowflakeTypes.FromSeed(c.DataType)}"))}\n)";

    public string CreateContractedTable(Relation target, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<TableConstraint> constraints) =>
        $"create or replace {TableKeyword} {R(target)} {AnsiConstraintSql.ColumnList(_dialect, columns, constraints)}";

    public string InsertQuery(Relation target, string sql, IReadOnlyList<string> columns) =>
        $"insert into {R(target)} ({List(columns)})\nselect {List(columns)} from (\n{Body(sql)}\n) as {Q("__engine_contract")}";

    public string CreateTemporaryTableAs(string name, string sql) => $"{ScratchTablePrefix}{Q(name)} as (\n{Body(sql)}\n)";

    public string CreateView(Relation target, string sql) => $"create or replace view {R(target)} as (\n{Body(sql)}\n)";

    public string CreateMaterializedView(Relation target, string sql) => $"create or replace materialized view {R(target)} as (\n{Body(sql)}\n)";

    /// <summary>Snowflake keeps materialized views current by itself; asking for their rows is all a refresh can do.</summary>
    public string RefreshMaterializedView(Relation target) => $"select count(*) from {R(target)}";

    /// <summary>The new name is qualified: an unqualified one would move the relation into the session's schema.</summary>
    public string Rename(Relation relation, RelationKind kind, string newIdentifier) =>
        $"alter {Keyword(kind)} {R(relation)} rename to {R(relation with { Identifier = newIdentifier })}";

    public string Swap(Relation target, Relation staged) => $"alter table {R(target)} swap with {R(staged)}";

    public string Drop(Relation relation, RelationKind kind) => $"drop {Keyword(kind)} if exists {R(relation)} cascade";

    public string Comment(Relation relation, RelationKind kind, string comment) =>
        $"comment on {Keyword(kind)} {R(relation)} is {_dialect.StringLiteral(comment)}";

    public string CommentColumn(Relation relation, string column, string comment) =>
        $"comment on column {R(relation)}.{Q(column)} is {_dialect.StringLiteral(comment)}";

    /// <summary>Snowflake grants to roles, naming the object's kind.</summary>
    public string Grant(Relation relation, RelationKind kind, string privilege, string grantee) =>
        $"grant {privilege} on {Keyword(kind)} {R(relation)} to role {Q(grantee)}";

    public string AddColumn(Relation table, ColumnInfo column) => $"alter table {R(table)} add column {Q(column.Name)} {column.DataType}";

    public string DropColumn(Relation table, string column) => $"alter table {R(table)} drop column {Q(column)}";

    public string AlterColumnType(Relation table, ColumnInfo column) =>
        $"alter table {R(table)} alter column {Q(column.Name)} set data type {column.DataType}";

    // dbt's aliases: incremental_predicates written for dbt name the two sides this way.
    private const string Dest = "DBT_INTERNAL_DEST";
    private const string Src = "DBT_INTERNAL_SOURCE";

    public string Merge(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string> columns, IReadOnlyList<string>? updateColumns = null, IReadOnlyList<string>? predicates = null)
    {
        var conditions = uniqueKey.Count == 0 ? ["1 = 0"] : (predicates ?? []).Select(p => $"({p})").Concat(uniqueKey.Select(k => $"{Dest}.{Q(k)} = {Src}.{Q(k)}")).ToList();
        var updates = (updateColumns ?? columns).Where(c => !uniqueKey.Contains(c, StringComparer.Ordinal)).ToList();
        var sql = new StringBuilder()
            .Append($"merge into {R(target)} as {Dest}\nusing {Q(source)} as {Src}\non ({string.Join("\n    and ", conditions)})\n");
        if (updates.Count > 0 && uniqueKey.Count > 0)
        {
            sql.Append("when matched then update set ").AppendJoin(", ", updates.Select(c => $"{Q(c)} = {Src}.{Q(c)}")).Append('\n');
        }

        return sql.Append($"when not matched then insert ({List(columns)})\nvalues ({List(columns, Src + ".")})").ToString();
    }

    public string DeleteMatching(Relation target, string source, IReadOnlyList<string> uniqueKey, IReadOnlyList<string>? predicates = null) =>
        (uniqueKey.Count == 1
            ? $"delete from {R(target)} as {Dest}\nwhere {Dest}.{Q(uniqueKey[0])} in (select {Q(uniqueKey[0])} from {Q(source)})"
            : $"delete from {R(target)} as {Dest}\nusing {Q(source)} as {Src}\nwhere {string.Join(" and ", uniqueKey.Select(k => $"{Dest}.{Q(k)} = {Src}.{Q(k)}"))}")
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
        return $"create or replace table {R(target)} as\nselect\n  sbq.*,\n  {ScdId(spec, "sbq", updated)} as {Q(n.ScdId)},\n" +
            $"  {updated} as {Q(n.ValidFrom)},\n  nullif({updated}, {updated}) as {Q(n.ValidTo)},\n  true as {Q(n.IsCurrent)}{deleted}\n" +
            $"from (\n{Body(sql)}\n) sbq";
    }

    public string SnapshotStage(string staging, string sql, SnapshotSpec spec)
    {
        var updated = UpdatedAt(spec, "sbq");
        return $"{ScratchTablePrefix}{Q(staging)} as\nselect\n  sbq.*,\n  {updated} as \"__engine_updated_at\",\n" +
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
            var gone = $"snap.{Q(n.IsCurrent)}{(newRecord ? $" and not snap.{Q(n.IsDeleted)}" : string.Empty)}\n" +
                $"  and not exists (select 1 from {Q(staging)} as src where {match})";
            if (newRecord)
            {
                // No RETURNING on Snowflake: the deletion records are written first, from the versions about to end
                // (they are themselves deleted records, so the update below leaves them current).
                statements.Add($"insert into {R(target)} ({columns})\nselect {List(sourceColumns, "snap.")}, {ScdId(spec, "snap", spec.Now)}, {spec.Now}, null, true, true\n" +
                    $"from {R(target)} as snap\nwhere {gone}");
            }

            statements.Add($"update {R(target)} as snap\nset {Q(n.ValidTo)} = {spec.Now}, {Q(n.IsCurrent)} = false\nwhere {gone}");
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
        "md5(" + string.Join(" || '|' || ", spec.UniqueKey.Select(k => $"coalesce(cast({alias}.{Q(k)} as varchar), '')")) +
        $" || '|' || coalesce(cast({updated} as varchar), ''))";

    private static bool IsIdentifier(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(text[0]);

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
