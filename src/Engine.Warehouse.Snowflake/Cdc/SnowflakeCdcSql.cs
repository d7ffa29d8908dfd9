using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Snowflake.Cdc;

/// <summary>
/// The SQL text of the Snowflake CDC sink for one table. Rows reach a staging table as text (one bound JSON array per
/// request, flattened server-side: the SQL API cannot PUT files); at commit they are cast to the table's types, logged, and
/// merged into the current state, each key's last change winning.
/// </summary>
internal sealed class SnowflakeCdcSql
{
    public const string StateTable = "_engine.cdc_state";

    /// <summary>Columns of the staging table before the source's: batch, position, sequence, operation, commit time, unchanged positions.</summary>
    public static readonly string[] StageMeta = ["_b", "_lsn", "_seq", "_op", "_ts", "_u"];

    private readonly CdcTable _table;
    private readonly IReadOnlyList<(string Name, string Type)> _columns;

    public SnowflakeCdcSql(string schema, CdcTable table)
    {
        _table = table;
        _columns = [.. table.Columns.Select(c => (c.Name, SnowflakeTypes.FromPostgres(c.SourceType)))];
        Table = $"{Q(schema)}.{Q(table.Name)}";
        ChangeLog = $"{Q(schema)}.{Q(table.Name + CdcMetadata.ChangeLogSuffix)}";
        Stage = $"_engine.{Q("cdc_stage_" + schema + "_" + table.Name)}";
    }

    public string Table { get; }

    public string ChangeLog { get; }

    public string Stage { get; }

    public static string Q(string name) => SnowflakeDialect.Instance.QuoteIdentifier(name);

    public static string StateDdl =>
        $"create schema if not exists _engine;\ncreate table if not exists {StateTable} (slot varchar primary key, target_schema varchar not null, " +
        "lsn number(20,0) not null, snapshot_lsn number(20,0) not null, snapshot_taken_at timestamp_tz not null, updated_at timestamp_tz not null)";

    public IReadOnlyList<string> CreateTables(string schema, bool recreate, bool freshStage)
    {
        var columns = string.Join(", ", _columns.Select(c => $"{Q(c.Name)} {c.Type}"));
        var statements = new List<string> { $"create schema if not exists {Q(schema)}" };
        if (recreate)
        {
            statements.Add($"drop table if exists {Table}");
            statements.Add($"drop table if exists {ChangeLog}");
        }

        statements.Add($"create table if not exists {Table} ({columns}, {Q(CdcMetadata.ExtractedAt)} timestamp_tz not null, " +
            $"{Q(CdcMetadata.Lsn)} number(20,0) not null, {Q(CdcMetadata.Deleted)} boolean not null default false, primary key ({string.Join(", ", _table.PrimaryKey.Select(Q))}))");
        statements.Add($"create table if not exists {ChangeLog} ({Q(CdcMetadata.Operation)} varchar not null, {Q(CdcMetadata.Lsn)} number(20,0) not null, " +
            $"{Q(CdcMetadata.Sequence)} number(38,0) not null, {Q(CdcMetadata.ExtractedAt)} timestamp_tz not null, {columns})");
        statements.Add($"create {(freshStage ? "or replace table" : "table if not exists")} {Stage} (_b number(38,0), _lsn number(20,0), _seq number(38,0), _op varchar, _ts timestamp_tz, _u varchar, " +
            $"{string.Join(", ", _columns.Select(c => $"{Q(c.Name)} varchar"))})");
        return statements;
    }

    public string AddColumn(string relation, CdcColumn column) =>
        $"alter table {relation} add column {Q(column.Name)} {SnowflakeTypes.FromPostgres(column.SourceType)}";

    public string AddStageColumn(CdcColumn column) => $"alter table {Stage} add column {Q(column.Name)} varchar";

    /// <summary>One bound text parameter: a JSON array of rows, each an array of strings in <see cref="StageMeta"/> then column order.</summary>
    public string LoadStage()
    {
        var all = StageMeta.Concat(_columns.Select(c => c.Name)).ToList();
        return $"insert into {Stage} ({string.Join(", ", all.Select(Q))})\nselect {string.Join(", ", all.Select((_, i) => $"value[{i}]::varchar"))}\nfrom table(flatten(input => parse_json(?)))";
    }

    /// <summary>The statements applying batch <paramref name="batch"/> of the stage, for the commit request.</summary>
    public IReadOnlyList<string> Apply(long batch, bool snapshot, bool fillUnchanged)
    {
        var statements = new List<string>();
        var inBatch = $"_b = {batch}";
        var typed = string.Join(", ", _columns.Select(c => Cast(Q(c.Name), c.Type)));
        var names = string.Join(", ", _columns.Select(c => Q(c.Name)));
        var meta = $"{Q(CdcMetadata.ExtractedAt)}, {Q(CdcMetadata.Lsn)}, {Q(CdcMetadata.Deleted)}";
        if (snapshot)
        {
            statements.Add($"insert into {Table} ({names}, {meta})\nselect {typed}, _ts, _lsn, false from {Stage} where {inBatch}");
            statements.Add($"insert into {ChangeLog} ({Q(CdcMetadata.Operation)}, {Q(CdcMetadata.Lsn)}, {Q(CdcMetadata.Sequence)}, {Q(CdcMetadata.ExtractedAt)}, {names})\n" +
                $"select 'snapshot', _lsn, _seq, _ts, {typed} from {Stage} where {inBatch}");
            return statements;
        }

        var nonKey = _columns.Select((c, i) => (c.Name, c.Type, Position: i + 1)).Where(c => !_table.PrimaryKey.Contains(c.Name)).ToList();
        var join = string.Join(" and ", _table.PrimaryKey.Select(k => $"cur.{Q(k)} = {Cast($"s.{Q(k)}", Type(k))}"));
        if (fillUnchanged && nonKey.Count > 0)
        {
            // Values the source did not send (unchanged TOAST, a delete's non-key columns) come from the stored row.
            var sets = string.Join(", ", nonKey.Select(c =>
                $"{Q(c.Name)} = case when contains(s._u, ',{c.Position},') then {Text($"cur.{Q(c.Name)}", c.Type)} else s.{Q(c.Name)} end"));
            statements.Add($"update {Stage} as s set {sets}\nfrom {Table} as cur\nwhere s.{inBatch} and s._u is not null and {join}");
        }

        statements.Add($"insert into {ChangeLog} ({Q(CdcMetadata.Operation)}, {Q(CdcMetadata.Lsn)}, {Q(CdcMetadata.Sequence)}, {Q(CdcMetadata.ExtractedAt)}, {names})\n" +
            $"select case _op when 'I' then 'insert' when 'U' then 'update' else 'delete' end, _lsn, _seq, _ts, {typed} from {Stage} where {inBatch}");
        var keys = string.Join(", ", _table.PrimaryKey.Select(Q));
        var on = string.Join(" and ", _table.PrimaryKey.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
        var typedAs = string.Join(", ", _columns.Select(c => $"{Cast(Q(c.Name), c.Type)} as {Q(c.Name)}"));
        var latest = $"select {typedAs}, _ts, _lsn, _op = 'D' as _del from {Stage} where {inBatch}\n" +
            $"qualify row_number() over (partition by {keys} order by _lsn desc, _seq desc) = 1";
        var updates = nonKey.Select(c => $"{Q(c.Name)} = s.{Q(c.Name)}")
            .Concat([$"{Q(CdcMetadata.ExtractedAt)} = s._ts", $"{Q(CdcMetadata.Lsn)} = s._lsn", $"{Q(CdcMetadata.Deleted)} = s._del"]);
        // A key the table does not hold whose last change is a delete gets no tombstone: no model can have read a row
        // the table never held, and the change log keeps its changes.
        statements.Add($"merge into {Table} as t\nusing (\n{latest}\n) as s\non {on}\n" +
            $"when matched then update set {string.Join(", ", updates)}\n" +
            $"when not matched and not s._del then insert ({names}, {meta}) values ({string.Join(", ", _columns.Select(c => $"s.{Q(c.Name)}"))}, s._ts, s._lsn, s._del)");
        return statements;
    }

    public IReadOnlyList<string> Truncate(CdcPosition position, int sequence, string commitTime) =>
    [
        $"insert into {ChangeLog} ({Q(CdcMetadata.Operation)}, {Q(CdcMetadata.Lsn)}, {Q(CdcMetadata.Sequence)}, {Q(CdcMetadata.ExtractedAt)}) " +
        $"select 'truncate', {position.Value}, {sequence}, '{commitTime}'::timestamp_tz",
        $"update {Table} set {Q(CdcMetadata.Deleted)} = true, {Q(CdcMetadata.Lsn)} = {position.Value}, {Q(CdcMetadata.ExtractedAt)} = '{commitTime}'::timestamp_tz where not {Q(CdcMetadata.Deleted)}",
    ];

    public string ClearStage(long upToBatch) => $"delete from {Stage} where _b <= {upToBatch}";

    private string Type(string column) => _columns.First(c => c.Name == column).Type;

    /// <summary>Staged text as the column's type; PostgreSQL's text forms (t/f, 2024-01-01 10:00:00+00) are what Snowflake reads.</summary>
    private static string Cast(string expression, string type) =>
        SnowflakeTypes.IsSemiStructured(type) ? $"parse_json({expression})" : type == "varchar" ? expression : $"cast({expression} as {type})";

    private static string Text(string expression, string type) =>
        SnowflakeTypes.IsSemiStructured(type) ? $"to_json({expression})" : $"cast({expression} as varchar)";
}
