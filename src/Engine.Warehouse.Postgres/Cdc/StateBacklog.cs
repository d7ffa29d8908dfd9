using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// The tables whose current state lags their change log, each with the position of its first log row not yet applied.
/// A drain writes its batches to the change log only and derives the current state once at its end (one upsert of
/// each key's last change), so that a backlog's repeated keys are written once. The marks are stored in
/// <c>_engine.cdc_backlog</c>, committed with the log rows they describe: a sync killed midway leaves them, and the
/// next sync's final commit applies them.
/// </summary>
internal sealed class StateBacklog
{
    public const string Table = "\"_engine\".\"cdc_backlog\"";

    public const string Create =
        $"CREATE TABLE IF NOT EXISTS {Table} (schema_name text NOT NULL, table_name text NOT NULL, lsn pg_lsn NOT NULL, seq integer NOT NULL, PRIMARY KEY (schema_name, table_name))";

    private readonly string _schema;
    private Dictionary<string, CdcLogPosition> _committed = new(StringComparer.Ordinal);
    private Dictionary<string, CdcLogPosition> _current = new(StringComparer.Ordinal);

    public StateBacklog(string schema) => _schema = schema;

    /// <summary>The tables behind their log in the open transaction.</summary>
    public IReadOnlyCollection<string> Tables => _current.Keys;

    public string Select => $"SELECT table_name, lsn::text, seq FROM {Table} WHERE schema_name = {PostgresDialect.Instance.StringLiteral(_schema)}";

    /// <summary>Takes the marks read with <see cref="Select"/>.</summary>
    public async Task LoadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        _committed.Clear();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _committed[reader.GetString(0)] = new CdcLogPosition(CdcLsn.Parse(reader.GetString(1)), reader.GetInt32(2));
        }

        _current = new Dictionary<string, CdcLogPosition>(_committed, StringComparer.Ordinal);
    }

    /// <summary>Rows from <paramref name="first"/> on were logged without being applied; an earlier mark stays.</summary>
    public void Lag(string table, CdcLogPosition first) => _current.TryAdd(table, first);

    /// <summary>Removes <paramref name="table"/>'s mark, for the statement that applies its backlog: where that starts, or null when it has none.</summary>
    public CdcLogPosition? Take(string table) => _current.Remove(table, out var from) ? from : null;

    /// <summary>The statement recording, in the open transaction, marks added or removed since the last commit; null when none were.</summary>
    public string? Changes()
    {
        var removed = _committed.Keys.Where(t => !_current.ContainsKey(t)).ToList();
        var added = _current.Where(t => !_committed.ContainsKey(t.Key)).ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            return null;
        }

        var sql = new System.Text.StringBuilder();
        if (removed.Count > 0)
        {
            sql.Append($"DELETE FROM {Table} WHERE schema_name = {PostgresDialect.Instance.StringLiteral(_schema)} AND table_name IN ({string.Join(", ", removed.Select(t => PostgresDialect.Instance.StringLiteral(t)))});\n");
        }

        foreach (var (table, from) in added)
        {
            sql.Append($"INSERT INTO {Table} VALUES ({PostgresDialect.Instance.StringLiteral(_schema)}, {PostgresDialect.Instance.StringLiteral(table)}, '{CdcLsn.Format(from.Lsn)}', {from.Sequence}) ")
                .Append("ON CONFLICT (schema_name, table_name) DO UPDATE SET lsn = EXCLUDED.lsn, seq = EXCLUDED.seq;\n");
        }

        return sql.ToString();
    }

    public void Committed() => _committed = new Dictionary<string, CdcLogPosition>(_current, StringComparer.Ordinal);

    public void RolledBack() => _current = new Dictionary<string, CdcLogPosition>(_committed, StringComparer.Ordinal);

    /// <summary>A table dropped and made again (a snapshot) has no backlog.</summary>
    public void Forget(string table) => _current.Remove(table);
}
