using System.Text;
using Engine.Warehouse.Cdc;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>The SQL text of the PostgreSQL CDC sink for one table; <see cref="PostgresCdcSink"/> runs it.</summary>
internal sealed class PostgresCdcSql
{
    private readonly CdcTable _table;
    private readonly string _columns;
    private readonly string _key;

    public PostgresCdcSql(string schema, CdcTable table)
    {
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
            """;
    }

    public string CreateStaging()
    {
        var columns = string.Join(", ", _table.Columns.Select(c => $"{Quote(c.Name)} {c.SourceType}"));
        return $"""
            DROP TABLE IF EXISTS {Staging};
            CREATE TEMP TABLE {Staging} (_lsn pg_lsn, _seq integer, _op "char", _ts timestamptz, _u smallint[], {columns}) ON COMMIT DELETE ROWS;
            """;
    }

    public string CopyIntoStaging(bool binary) => $"COPY {Staging} (_lsn, _seq, _op, _ts, _u, {_columns}) FROM STDIN{(binary ? " (FORMAT binary)" : string.Empty)}";

    public string CopySnapshot() =>
        $"COPY {Table} ({_columns}, {Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Deleted)}) FROM STDIN";

    public string LogSnapshot() =>
        $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}, {_columns}) " +
        $"SELECT 'snapshot', {Quote(CdcMetadata.Lsn)}, (row_number() OVER ())::integer, {Quote(CdcMetadata.ExtractedAt)}, {_columns} FROM {Table}";

    /// <summary>
    /// The statements applying the staged batch: log every change, then upsert the last change of each key (no sort
    /// needed when every key appears once). When some values were not sent, both read the batch with those values
    /// taken from the stored row, joined once in a materialized CTE (rather than rewriting the staged rows first).
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
            var join = string.Join(" AND ", _table.PrimaryKey.Select(k => $"cur.{Quote(k)} = s.{Quote(k)}"));
            sql.Append($"WITH f AS MATERIALIZED (SELECT s._lsn, s._seq, s._op, s._ts, {values} FROM {Staging} s LEFT JOIN {Table} cur ON {join}),\n")
                .Append($"  logged AS ({log})\n");
        }
        else
        {
            sql.Append(log).Append(";\n");
        }

        var updates = nonKey.Select(c => $"{Quote(c)} = EXCLUDED.{Quote(c)}")
            .Concat(new[] { CdcMetadata.ExtractedAt, CdcMetadata.Lsn, CdcMetadata.Deleted }.Select(m => $"{Quote(m)} = EXCLUDED.{Quote(m)}"));
        sql.Append($"INSERT INTO {Table} AS t ({_columns}, {Quote(CdcMetadata.ExtractedAt)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Deleted)}) ")
            .Append(repeatedKeys
                ? $"SELECT DISTINCT ON ({_key}) {_columns}, _ts, _lsn, _op = 'D' FROM {batch} ORDER BY {_key}, _lsn DESC, _seq DESC "
                : $"SELECT {_columns}, _ts, _lsn, _op = 'D' FROM {batch} ")
            .Append($"ON CONFLICT ({_key}) DO UPDATE SET {string.Join(", ", updates)};\n");
        sql.Append($"TRUNCATE {Staging};");
        return sql.ToString();
    }

    public string LogTruncate() =>
        $"INSERT INTO {ChangeLog} ({Quote(CdcMetadata.Operation)}, {Quote(CdcMetadata.Lsn)}, {Quote(CdcMetadata.Sequence)}, {Quote(CdcMetadata.ExtractedAt)}) VALUES ('truncate', $1::pg_lsn, $2, $3)";

    public string MarkAllDeleted() =>
        $"UPDATE {Table} SET {Quote(CdcMetadata.Deleted)} = true, {Quote(CdcMetadata.Lsn)} = $1::pg_lsn, {Quote(CdcMetadata.ExtractedAt)} = $2 WHERE NOT {Quote(CdcMetadata.Deleted)}";
}
