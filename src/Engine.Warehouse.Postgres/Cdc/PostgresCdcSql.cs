using System.Text;
using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>The SQL text of the PostgreSQL CDC sink for one table; <see cref="PostgresCdcSink"/> runs it.</summary>
internal sealed class PostgresCdcSql
{
    private readonly string _schema;
    private readonly CdcTable _table;
    private readonly string _columns;
    private readonly string _key;

    public PostgresCdcSql(string schema, CdcTable table)
    {
        _schema = schema;
        _table = table;
        Table = $"{Quote(schema)}.{Quote(table.Name)}";
        ChangeLog = $"{Quote(schema)}.{Quote(table.Name + CdcMetadata.ChangeLogSuffix)}";
        Staging = $"pg_temp.{Quote("_cdc_" + table.Name)}";
        _columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        _key = string.Join(", ", table.PrimaryKey.Select(Quote));
    }

    public string Table { get; }

    public string ChangeLog { get; }

    /// <summary>The session's temp table each batch is copied into before the set-based statements.</summary>
    public string Staging { get; }

    public static string Quote(string identifier) => PostgresDialect.QuoteExact(identifier);

    public string CreateTables()
    {
        var columns = string.Join(", ", _table.Columns.Select(c => $"{Quote(c.Name)} {c.SourceType}"));
        return $"""
            CREATE TABLE IF NOT EXISTS {Table} ({columns},
              {Quote(CdcMetadata.ExtractedAt)} timestamptz NOT NULL, {Quote(CdcMetadata.Lsn)} pg_lsn NOT NULL,
              {Quote(CdcMetadata.Deleted)} boolean NOT NULL DEFAULT false, PRIMARY KEY ({_key}));
            -- Incremental models read the rows applied since their last run (above an LSN); rows carry whole JSON
            -- documents, so a scan is dear.
            CREATE INDEX IF NOT EXISTS {Quote(PostgresDialect.Instance.Shorten(_table.Name + "__lsn"))} ON {Table} ({Quote(CdcMetadata.Lsn)});
            CREATE TABLE IF NOT EXISTS {ChangeLog} ({Quote(CdcMetadata.Operation)} text NOT NULL,
              {Quote(CdcMetadata.Lsn)} pg_lsn NOT NULL, {Quote(CdcMetadata.Sequence)} integer NOT NULL,
              {Quote(CdcMetadata.ExtractedAt)} timestamptz NOT NULL, {columns});
            -- The current state is derived from the log rows above a position (Derive): the log is appended in LSN
            -- order, so a block-range index finds them at almost no cost per row written. A range is summarized only
            -- once filled (autosummarize, by autovacuum) or by a vacuum; until then every one of its blocks is read.
            CREATE INDEX IF NOT EXISTS {LogIndex} ON {ChangeLog} USING brin ({Quote(CdcMetadata.Lsn)}) WITH (autosummarize = on);
            """;
    }

    /// <summary>The change log's block-range index on the LSN, quoted.</summary>
    private string LogIndex => Quote(PostgresDialect.Instance.Shorten(_table.Name + CdcMetadata.ChangeLogSuffix + "__lsn"));

    public string CreateStaging()
    {
        var columns = string.Join(", ", _table.Columns.Select(c => $"{Quote(c.Name)} {c.SourceType}"));
        return $"""
            DROP TABLE IF EXISTS {Staging};
            CREATE TEMP TABLE {Staging} (_lsn pg_lsn, _seq integer, _op "char", _ts timestamptz, _u smallint[], {columns}) ON COMMIT DELETE ROWS;
            """;
    }

    public string CopyIntoStaging(bool binary) => $"COPY {Staging} (_lsn, _seq, _op, _ts, _u, {_columns}) FROM STDIN{(binary ? " (FORMAT binary)" : string.Empty)}";

    /// <summary>COPY of a batch straight into the change log, when it carries every value (see <see cref="Derive"/>).</summary>
    public string CopyIntoLog(bool binary) =>
        $"COPY {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}, {_columns}) FROM STDIN{(binary ? " (FORMAT binary)" : string.Empty)}";

    /// <summary>
    /// Brings the current state up to the change log: the last change of each key among the log's rows from
    /// <paramref name="from"/> on, applied in one statement. Changes logged across many batches are applied once per key,
    /// so an insert later updated or deleted in the same backlog writes the current state once. A stored key is updated
    /// in place (a delete leaves its tombstone); a key the state does not hold is inserted, unless its last change is a
    /// delete: no model can have read a row the state never held, and the log keeps its changes.
    /// </summary>
    public string Derive(CdcLogPosition from)
    {
        var lsn = $"'{CdcLsn.Format(from.Lsn)}'::pg_lsn";
        var (op, seq) = (Quote(CdcMetadata.Operation), Quote(CdcMetadata.Sequence));
        var meta = $"{Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Deleted)}";
        var sets = string.Join(", ", _table.Columns.Select(c => c.Name).Where(c => !_table.PrimaryKey.Contains(c))
            .Concat([CdcMetadata.ExtractedAt, CdcMetadata.Lsn]).Select(c => $"{Quote(c)} = l.{Quote(c)}")
            .Append($"{Quote(CdcMetadata.Deleted)} = l.{op} = 'delete'"));
        // Only each change's key, position and tuple id are sorted; the winners' whole rows are then fetched by tuple id
        // (a TID scan, in block order). Sorting whole rows (DISTINCT ON over every column) held 59 MB for 100,000 of the
        // bench's changes: 491-750 ms for the statement against 360-506 ms this way (six alternated replays in psql,
        // bench/README.md). The memory set here lasts until the transaction ends; at 1,000,000 changes the narrow sort
        // spilled 30 MB to disk where the whole rows spilled 538 MB. Tuple ids are stable within the statement: the log
        // is only appended to, and nothing that moves rows can run beside it.
        // Stored keys are updated and the others inserted, rather than all upserted: a plain insert skips the upsert's
        // speculative insertion, and the deletes of keys never stored write nothing. For the bench's 100,000 changes
        // (30,000 keys left, 20,000 inserted and deleted within the backlog) 402-412 ms against 578-614 ms, four
        // alternated replays in psql (bench/README.md). Only this sink writes the state, so no key is stored between
        // the check and the insert; the insert would fail loudly if one were.
        // Without statistics (a log filled minutes ago, not yet analyzed) PostgreSQL prices the block-range index as
        // reading every block and scans the whole log: 10,000 blocks (37-96 ms) for a day's 409 changes at 2 x 20,000
        // activities, growing with the history. Scans are priced out for this statement only, so the index is used, and
        // JIT is off with them: a plan with a priced-out scan costs more than JIT's threshold, and compiling one took
        // 540-620 ms (ApplyDeletes).
        return "SET LOCAL work_mem = '64MB';\nSET LOCAL enable_seqscan = off;\nSET LOCAL jit = off;\n" +
            $"WITH w AS MATERIALIZED (SELECT w._cdc_tid, w._cdc_delete, EXISTS (SELECT 1 FROM {Table} s WHERE {KeyJoin("s", "w")}) AS _cdc_stored " +
            $"FROM (SELECT DISTINCT ON ({_key}) {_key}, ctid AS _cdc_tid, {op} = 'delete' AS _cdc_delete " +
            $"FROM {ChangeLog} WHERE {Quote(CdcMetadata.Lsn)} >= {lsn} AND ({Quote(CdcMetadata.Lsn)}, {seq}) >= ({lsn}, {from.Sequence}) " +
            $"AND {op} IN ('insert', 'update', 'delete') " +
            $"ORDER BY {_key}, {Quote(CdcMetadata.Lsn)} DESC, {seq} DESC) w),\n" +
            $"  stored AS (UPDATE {Table} t SET {sets} FROM {ChangeLog} l " +
            $"WHERE l.ctid = ANY(ARRAY(SELECT _cdc_tid FROM w WHERE _cdc_stored)) AND {KeyJoin("t", "l")})\n" +
            $"INSERT INTO {Table} ({_columns}, {meta}) SELECT {_columns}, {Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, false " +
            $"FROM {ChangeLog} WHERE ctid = ANY(ARRAY(SELECT _cdc_tid FROM w WHERE NOT _cdc_stored AND NOT _cdc_delete));\n" +
            "RESET enable_seqscan;\nRESET jit;\n";
    }

    public string CopySnapshot() =>
        $"COPY {Table} ({_columns}, {Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Deleted)}) FROM STDIN";

    /// <summary>
    /// The snapshot's rows into the change log, then its block-range index summarized: the whole history lands at once,
    /// and left unsummarized (until autovacuum came) every later <see cref="Derive"/> read all of it to find a day's changes.
    /// </summary>
    public string LogSnapshot() =>
        $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}, {_columns}) " +
        $"SELECT 'snapshot', {Quote(CdcMetadata.Lsn)}, (row_number() OVER ())::integer, {Quote(CdcMetadata.ExtractedAt)}, {_columns} FROM {Table};\n" +
        SummarizeLog() + ";";

    /// <summary>
    /// Summarizes the change log's block ranges filled since the last summary. Unsummarized ranges match every search, so
    /// <see cref="LogDeletes"/> read the whole backlog without it: 230-410 ms a batch at 1,000,000 changes, not 33.
    /// </summary>
    public string SummarizeLog() => $"SELECT brin_summarize_new_values({PostgresDialect.Instance.StringLiteral(LogIndexQualified)}::regclass)";

    private string LogIndexQualified => $"{Quote(_schema)}.{LogIndex}";

    /// <summary>
    /// The statements applying the staged batch: log every change, then upsert the last change of each key (no sort
    /// needed when every key appears once), but for a delete of a key the state does not hold (see <see cref="Derive"/>).
    /// When some values were not sent, both read the batch with those values taken from the stored row, joined once in a
    /// materialized CTE (rather than rewriting the staged rows first).
    /// </summary>
    public string Apply(bool fillUnchanged, bool repeatedKeys)
    {
        var sql = new StringBuilder();
        var nonKey = _table.Columns.Select(c => c.Name).Where(c => !_table.PrimaryKey.Contains(c)).ToList();
        var fill = fillUnchanged && nonKey.Count > 0;
        var batch = fill ? "f" : Staging;
        var log = $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}, {_columns}) " +
            $"SELECT CASE _op WHEN 'I' THEN 'insert' WHEN 'U' THEN 'update' ELSE 'delete' END, _lsn, _seq, _ts, {_columns} FROM {batch}";
        if (fill)
        {
            var values = string.Join(", ", _table.Columns.Select((c, i) => _table.PrimaryKey.Contains(c.Name)
                ? $"s.{Quote(c.Name)}"
                : $"CASE WHEN {i + 1} = ANY(s._u) THEN cur.{Quote(c.Name)} ELSE s.{Quote(c.Name)} END AS {Quote(c.Name)}"));
            sql.Append($"WITH f AS MATERIALIZED (SELECT s._lsn, s._seq, s._op, s._ts, {values} FROM {Staging} s LEFT JOIN {Table} cur ON {KeyJoin("cur", "s")}),\n")
                .Append($"  logged AS ({log})\n");
        }
        else
        {
            sql.Append(log).Append(";\n");
        }

        sql.Append($"INSERT INTO {Table} AS t ({_columns}, {Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Deleted)}) ")
            .Append($"SELECT {_columns}, _ts, _lsn, _op = 'D' FROM ")
            .Append(repeatedKeys ? $"(SELECT DISTINCT ON ({_key}) * FROM {batch} ORDER BY {_key}, _lsn DESC, _seq DESC) w " : $"{batch} w ")
            .Append($"WHERE _op <> 'D' OR EXISTS (SELECT 1 FROM {Table} s WHERE {KeyJoin("s", "w")}) ")
            .Append($"ON CONFLICT ({_key}) DO UPDATE SET {Updates()};\n");
        sql.Append($"TRUNCATE {Staging};");
        return sql.ToString();
    }

    /// <summary>
    /// The statement applying a staged batch of deletes that sent only their keys, each key once: every stored row is
    /// marked deleted in place and logged with its stored values (<c>UPDATE ... RETURNING</c>), and a key never stored
    /// gets a log row without values and no tombstone, as <see cref="Apply"/> and <see cref="Derive"/> leave it. One
    /// join and an update, instead of the fill's materialized join and the upsert's speculative insertion: 119 against
    /// 171 ms for 5,000 deletes of the bench's rows.
    /// </summary>
    public string ApplyDeletes()
    {
        var stored = string.Join(", ", _table.Columns.Select(c => $"t.{Quote(c.Name)}"));
        var keysOnly = string.Join(", ", _table.Columns.Select(c => _table.PrimaryKey.Contains(c.Name) ? $"m.{Quote(c.Name)}" : "NULL"));
        var sKey = string.Join(", ", _table.PrimaryKey.Select(k => $"s.{Quote(k)}"));
        var (lsn, seq, at, deleted) = (Quote(CdcMetadata.Lsn), Quote(CdcMetadata.Sequence), Quote(CdcMetadata.ExtractedAt), Quote(CdcMetadata.Deleted));
        // The stored rows are found through the key's index. A table filled in this transaction has no statistics yet,
        // and PostgreSQL then chose to hash the whole table for each batch: 37 of 140 ms for 5,000 deletes against
        // 50,000 rows, growing with the table. Scans are priced out for this statement (the staged batch has no index,
        // so it is still scanned), and JIT is off with them: priced out, the plan's cost crossed JIT's threshold, and
        // compiling it took 540-620 ms (EXPLAIN's JIT section).
        // A key the update did not reach was never stored: each key comes once, so an anti-join against the updated
        // rows finds them (a second join against the whole table scanned it per batch).
        return "SET LOCAL enable_seqscan = off;\nSET LOCAL jit = off;\n" +
            $"WITH d AS (UPDATE {Table} t SET {deleted} = true, {lsn} = s._lsn, {at} = s._ts FROM {Staging} s WHERE {KeyJoin("t", "s")} " +
            $"RETURNING s._lsn AS {lsn}, s._seq AS {seq}, s._ts AS {at}, {stored}),\n" +
            $"  m AS (SELECT s._lsn, s._seq, s._ts, {sKey} FROM {Staging} s WHERE NOT EXISTS (SELECT 1 FROM d WHERE {KeyJoin("d", "s")}))\n" +
            $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {lsn}, {seq}, {at}, {_columns}) " +
            $"SELECT 'delete', {lsn}, {seq}, {at}, {_columns} FROM d UNION ALL SELECT 'delete', m._lsn, m._seq, m._ts, {keysOnly} FROM m;\n" +
            "RESET enable_seqscan;\nRESET jit;\n" +
            $"TRUNCATE {Staging};";
    }

    /// <summary>
    /// The statement logging a batch of deletes that sent only their keys, each with the values of the key's latest
    /// logged row, found by its position: <c>$1</c>-<c>$3</c> are the deletes' positions, sequences and commit times,
    /// <c>$4</c>-<c>$5</c> the positions and sequences of those rows, <c>$6</c>-<c>$7</c> the least and greatest of
    /// those positions. It counts what it logged; the current state takes the deletes at the derive, as it takes any
    /// logged change. Run after <see cref="LogDeletesSettings"/>.
    /// </summary>
    public string LogDeletes() =>
        $"WITH d AS (SELECT * FROM unnest($1::text[]::pg_lsn[], $2::int4[], $3::timestamptz[], $4::text[]::pg_lsn[], $5::int4[]) AS d(lsn, seq, ts, plsn, pseq)),\n" +
        $"  logged AS (INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}, {_columns}) " +
        $"SELECT 'delete', d.lsn, d.seq, d.ts, {string.Join(", ", _table.Columns.Select(c => $"l.{Quote(c.Name)}"))} FROM d JOIN {ChangeLog} l " +
        $"ON l.{Quote(CdcMetadata.Lsn)} = d.plsn AND l.{Quote(CdcMetadata.Sequence)} = d.pseq " +
        $"WHERE l.{Quote(CdcMetadata.Lsn)} BETWEEN $6::text::pg_lsn AND $7::text::pg_lsn RETURNING 1)\n" +
        "SELECT count(*) AS logged FROM logged";

    /// <summary>
    /// For <see cref="LogDeletes"/>: the log's rows are found through its block-range index over the positions' span
    /// (scans priced out: the log has no statistics yet), and joined by hashing, not one index probe per delete (each
    /// probe of a block-range index reads its whole range); JIT off, as for the derive.
    /// </summary>
    public static readonly string[] LogDeletesSettings = ["SET LOCAL enable_seqscan = off", "SET LOCAL enable_nestloop = off", "SET LOCAL jit = off"];

    public static readonly string[] LogDeletesReset = ["RESET enable_seqscan", "RESET enable_nestloop", "RESET jit"];

    /// <summary>Equality of the primary key between the rows aliased <paramref name="a"/> and <paramref name="b"/>.</summary>
    private string KeyJoin(string a, string b) => string.Join(" AND ", _table.PrimaryKey.Select(k => $"{a}.{Quote(k)} = {b}.{Quote(k)}"));

    private string Updates() => string.Join(", ", _table.Columns.Select(c => c.Name).Where(c => !_table.PrimaryKey.Contains(c))
        .Concat([CdcMetadata.ExtractedAt, CdcMetadata.Lsn, CdcMetadata.Deleted]).Select(c => $"{Quote(c)} = EXCLUDED.{Quote(c)}"));

    public string LogTruncate() =>
        $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}) VALUES ('truncate', $1::pg_lsn, $2, $3)";

    public string MarkAllDeleted() =>
        $"UPDATE {Table} SET {Quote(CdcMetadata.Deleted)} = true, {Quote(CdcMetadata.Lsn)} = $1::pg_lsn, {Quote(CdcMetadata.ExtractedAt)} = $2 WHERE NOT {Quote(CdcMetadata.Deleted)}";
}
