using System.Text;
using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// The CDC sink of a PostgreSQL warehouse. A batch whose changes carry every value is COPied straight into the change
/// log (in binary, with the bytes the source sent, when the stream is binary), and the current state is derived from
/// the log later, set-based (<see cref="StateBacklog"/>): by <see cref="CommitAsync"/>, which leaves every table
/// applied, not by <see cref="CommitDeferredAsync"/>. A batch with values the source did not send (a delete's columns,
/// unchanged TOAST) needs the stored rows: the table's backlog is applied first, then the batch is COPied into a temp
/// table and applied with one upsert. The checkpoint row in <c>_engine.cdc_state</c> is written in the same
/// transaction as the rows.
/// <para>
/// Applies are pipelined: <see cref="ApplyAsync"/> formats its batch, waits for the previous batch's statements,
/// starts this batch's COPY (and statements), and returns without waiting for them, so the server writes one batch
/// while the stream decodes and formats the next. Every other call waits for them first (and so reports their
/// failure); <see cref="CommitAsync"/> in particular writes the checkpoint only after them, in the same transaction.
/// </para>
/// </summary>
public sealed class PostgresCdcSink : ICdcSink
{
    private const string StateTable = "\"_engine\".\"cdc_state\"";

    /// <summary>Per table written, the checkpoint of the last transaction that touched it: the data version builds compare.</summary>
    private const string TablesTable = "\"_engine\".\"cdc_tables\"";

    private readonly string _connectionString;
    private readonly string _schema;
    /// <summary>Per table prepared: its SQL, and whether its change log's columns have the source's types (a batch may then be COPied into it).</summary>
    private readonly Dictionary<string, (CdcTable Table, PostgresCdcSql Sql, bool LogTakesValues)> _prepared = new(StringComparer.Ordinal);
    private readonly StateBacklog _backlog;
    private readonly LatestLogRows _latest = new();
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    /// <summary>The statements of the last batch, still running on the server (null when none).</summary>
    private Task? _pending;

    /// <summary>
    /// The COPY text of a batch, two buffers used in turn: one is formatted while the previous batch's COPY still reads
    /// the other. Kept between batches so they are reused.
    /// </summary>
    private readonly StringBuilder[] _copy = [new(1 << 16), new(1 << 16)];

    /// <summary>The binary COPY data of a batch, two in turn the same way.</summary>
    private readonly CopyBinary[] _binary = [new(), new()];

    private int _turn;

    public PostgresCdcSink(string connectionString, string schema)
    {
        _connectionString = connectionString;
        _schema = schema;
        _backlog = new StateBacklog(schema);
    }

    public async Task<CdcCheckpoint?> ReadCheckpointAsync(string slot, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT lsn::text, snapshot_lsn::text, snapshot_taken_at FROM {StateTable} WHERE slot = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CdcCheckpoint(slot, CdcPosition.Parse(reader.GetString(0)), CdcPosition.Parse(reader.GetString(1)), reader.GetDateTime(2));
    }

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        _transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PrepareTableAsync(CdcTable table, bool recreate, CancellationToken cancellationToken)
    {
        _latest.Forget(table.Name);
        var sql = new PostgresCdcSql(_schema, table);
        var text = new StringBuilder($"CREATE SCHEMA IF NOT EXISTS {PostgresCdcSql.Quote(_schema)};\n");
        if (recreate)
        {
            text.Append($"DROP TABLE IF EXISTS {sql.Table}, {sql.ChangeLog};\n");
            _backlog.Forget(table.Name);
        }

        text.Append(sql.CreateTables());
        // Only a table made or reshaped here is a new data version: every sync prepares its tables, and marking them
        // touched each time made a sync that applied nothing look like new data to every build downstream.
        if (recreate || (await ExistingColumnsAsync(table.Name, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            _touched.Add(table.Name);
        }

        await ExecuteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        var logTakesValues = true;
        foreach (var relation in new[] { table.Name, table.Name + CdcMetadata.ChangeLogSuffix })
        {
            var existing = await ExistingColumnsAsync(relation, cancellationToken).ConfigureAwait(false);
            if (relation != table.Name)
            {
                // A column whose type changed at the source after the log was made: values go through the staging
                // table and an assignment cast, as a COPY of the source's bytes or text would not fit.
                logTakesValues = table.Columns.All(c => !existing.TryGetValue(c.Name, out var type) || type == c.SourceType);
            }

            foreach (var column in table.Columns.Where(c => !existing.ContainsKey(c.Name)))
            {
                _touched.Add(table.Name);
                // A column added at the source: added here too; rows written before it keep null.
                await ExecuteAsync(
                    $"ALTER TABLE {PostgresCdcSql.Quote(_schema)}.{PostgresCdcSql.Quote(relation)} ADD COLUMN {PostgresCdcSql.Quote(column.Name)} {column.SourceType}",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(sql.CreateStaging(), cancellationToken).ConfigureAwait(false);
        _prepared[table.Name] = (table, sql, logTakesValues);
    }

    public async Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        _touched.Add(table.Name);
        _latest.Forget(table.Name);
        var suffix = $"\t{CopyText.Timestamp(takenAtUtc)}\t{position}\tf\n";
        long count = 0;
        var line = new StringBuilder(1 << 12);
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var writer = await connection.BeginTextImportAsync(sql.CopySnapshot(), cancellationToken).ConfigureAwait(false))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                line.Clear();
                for (var i = 0; i < row.Count; i++)
                {
                    if (i > 0)
                    {
                        line.Append('\t');
                    }

                    CopyText.Append(line, row[i]);
                }

                line.Append(suffix);
                foreach (var chunk in line.GetChunks())
                {
                    await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                count++;
            }
        }

        await ExecuteAsync(sql.LogSnapshot(), cancellationToken).ConfigureAwait(false);
        return count;
    }

    public async Task<CdcApplyCounts> ApplyAsync(CdcTable table, IReadOnlyList<CdcChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return CdcApplyCounts.None;
        }

        var keyPositions = table.KeyPositions();
        var rows = changes.Select(c => new CdcBatchRow(c.Operation, c.Unchanged, new CdcLogPosition(c.Position.Value, c.Sequence), c.CommitTimeUtc,
            LatestLogRows.TextKey(c.Values, keyPositions))).ToList();
        var toLog = ToLog(table, rows);

        // Formatted before waiting for the previous batch: that is the work the pipeline overlaps.
        var copy = NextTextBuffer();
        var (counts, fill, repeated) = CdcBatchFormat.Text(changes, rows.Select(r => r.Key).ToList(), copy, toLog);
        await StartAsync(table, toLog, binary: false,
            (connection, command) => CopyTextAsync(connection, command, copy), rows, fill, repeated, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    public bool AcceptsBinary => true;

    /// <summary>
    /// As <see cref="ApplyAsync"/>, with the values written into a binary COPY as the source sent them: the staging
    /// columns have the source's types, so the server reads each with its type's receive function, no text parse.
    /// </summary>
    public async Task<CdcApplyCounts> ApplyBinaryAsync(CdcTable table, IReadOnlyList<CdcBinaryChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return CdcApplyCounts.None;
        }

        var keyPositions = table.KeyPositions();
        var rows = changes.Select(c => new CdcBatchRow(c.Operation, c.Unchanged, new CdcLogPosition(c.Position.Value, c.Sequence), c.CommitTimeUtc,
            CdcBinaryChange.Key(c.Values, keyPositions))).ToList();
        var toLog = ToLog(table, rows);
        var copy = _binary[_turn ^= 1];
        var (counts, fill, repeated) = CdcBatchFormat.Binary(changes, rows.Select(r => r.Key).ToList(), copy, toLog);
        await StartAsync(table, toLog, binary: true,
            (connection, command) => CopyBinaryAsync(connection, command, copy), rows, fill, repeated, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// Whether a batch goes straight into the change log: every change carries every value, and the log's columns have
    /// the source's types.
    /// </summary>
    private bool ToLog(CdcTable table, IReadOnlyList<CdcBatchRow> changes) =>
        PreparedEntry(table).LogTakesValues && changes.All(c => c.Unchanged is null || !c.Unchanged.Contains(true));

    /// <summary>
    /// Starts a formatted batch's writes, without waiting for them: its COPY into the change log (the table then lags
    /// its log); for deletes that sent only keys this sink logged, one statement logging them with the values of those
    /// keys' logged rows (the table lags its log too); otherwise, when it needs stored values, the table's backlog
    /// applied, the COPY into the temp table and the statements applying it. Not cancelled with the run: a follow
    /// interrupted between source transactions commits what it applied.
    /// </summary>
    private async Task StartAsync(
        CdcTable table, bool toLog, bool binary, Func<NpgsqlConnection, string, Task> copy,
        IReadOnlyList<CdcBatchRow> changes, bool fill, bool repeated, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        _touched.Add(table.Name);
        var keyOnlyDeletes = fill && !repeated && table.PrimaryKey.Length < table.Columns.Length && changes.All(c =>
            c.Operation == CdcOperation.Delete && c.Unchanged is { } unchanged &&
            Enumerable.Range(0, table.Columns.Length).All(i => unchanged[i] || table.PrimaryKey.Contains(table.Columns[i].Name)));
        if (toLog)
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            _backlog.Lag(table.Name, changes[0].At);
            _pending = copy(connection, sql.CopyIntoLog(binary));
        }
        else if (keyOnlyDeletes && PreparedEntry(table).LogTakesValues && LoggedRows(table, changes) is { } logged)
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            _backlog.Lag(table.Name, changes[0].At);
            _pending = LogDeletesAsync(connection, sql, changes, logged);
        }
        else
        {
            await SettleAsync(table.Name, sql, cancellationToken).ConfigureAwait(false);
            var staged = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            await copy(staged, sql.CopyIntoStaging(binary)).ConfigureAwait(false);
            _pending = ExecuteAsync(staged, keyOnlyDeletes ? sql.ApplyDeletes() : sql.Apply(fill, repeated), CancellationToken.None);
        }

        // Every path logs each change at its position.
        foreach (var change in changes)
        {
            _latest.Record(table.Name, change.Key, change.At);
        }
    }

    /// <summary>
    /// Where each key's latest logged row is, when this sink logged every one of them and they lie close together in
    /// the log; null otherwise (the deletes then read the stored rows, after the backlog is applied).
    /// </summary>
    private CdcLogPosition[]? LoggedRows(CdcTable table, IReadOnlyList<CdcBatchRow> changes)
    {
        var logged = new CdcLogPosition[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            if (_latest.Find(table.Name, changes[i].Key) is not { } position)
            {
                return null;
            }

            logged[i] = position;
        }

        // The statement reads the log between the first and the last of them: far apart, that is most of the backlog.
        return logged.Max(p => p.Lsn) - logged.Min(p => p.Lsn) <= LoggedRowsSpan ? logged : null;
    }

    /// <summary>How much source WAL the rows <see cref="LogDeletesAsync"/> reads may span: about 100,000 changes of Strava's activities.</summary>
    private const ulong LoggedRowsSpan = 64UL << 20;

    private static async Task LogDeletesAsync(NpgsqlConnection connection, PostgresCdcSql sql, IReadOnlyList<CdcBatchRow> changes, CdcLogPosition[] logged)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var setting in PostgresCdcSql.LogDeletesSettings)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.SummarizeLog()));

        var command = new NpgsqlBatchCommand(sql.LogDeletes());
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Select(c => CdcLsn.Format(c.At.Lsn)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Select(c => c.At.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Select(c => DateTime.SpecifyKind(c.CommitTimeUtc, DateTimeKind.Utc)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = logged.Select(p => CdcLsn.Format(p.Lsn)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = logged.Select(p => p.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = CdcLsn.Format(logged.Min(p => p.Lsn)) });
        command.Parameters.Add(new NpgsqlParameter { Value = CdcLsn.Format(logged.Max(p => p.Lsn)) });
        batch.BatchCommands.Add(command);
        foreach (var reset in PostgresCdcSql.LogDeletesReset)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(reset));
        }

        long count = -1;
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            do
            {
                if (reader.FieldCount == 1 && reader.GetName(0) == "logged" && await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    count = reader.GetInt64(0);
                }
            }
            while (await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false));
        }

        if (count != changes.Count)
        {
            // The rows were logged by this sink in this run: a miss is a bug here, and a delete must not go unlogged.
            throw new InvalidOperationException($"CDC: {changes.Count - count} of {changes.Count} deletes of {sql.Table} found no logged row at the position recorded for their key");
        }
    }

    private StringBuilder NextTextBuffer()
    {
        _turn ^= 1;
        if (_copy[_turn].Capacity > 1 << 24)
        {
            _copy[_turn] = new StringBuilder(1 << 16); // an exceptional batch of huge rows does not pin its buffer for the run
        }

        return _copy[_turn].Clear();
    }

    private static async Task CopyTextAsync(NpgsqlConnection connection, string copy, StringBuilder data)
    {
        await using var writer = await connection.BeginTextImportAsync(copy, CancellationToken.None).ConfigureAwait(false);
        await writer.WriteAsync(data, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task CopyBinaryAsync(NpgsqlConnection connection, string copy, CopyBinary data)
    {
        await using var stream = await connection.BeginRawBinaryCopyAsync(copy, CancellationToken.None).ConfigureAwait(false);
        foreach (var segment in data.Segments)
        {
            await stream.WriteAsync(segment, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Applies <paramref name="table"/>'s backlog, if it has one, in the open transaction.</summary>
    private async Task SettleAsync(string table, PostgresCdcSql sql, CancellationToken cancellationToken)
    {
        if (_backlog.Take(table) is { } from)
        {
            _touched.Add(table);
            await ExecuteAsync(sql.Derive(from), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies every table's backlog: those this sink prepared, and those a sync killed midway left, whose columns
    /// are read from the warehouse (they need not be among this sync's changes).
    /// </summary>
    private async Task SettleAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in _backlog.Tables.ToList())
        {
            if (_prepared.TryGetValue(table, out var prepared))
            {
                await SettleAsync(table, prepared.Sql, cancellationToken).ConfigureAwait(false);
            }
            else if (await StoredTableAsync(table, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                await SettleAsync(table, new PostgresCdcSql(_schema, stored), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _backlog.Take(table); // dropped since (a reset drops its tables before the snapshot makes them again)
            }
        }
    }

    /// <summary>A replicated table as the warehouse holds it: the change log's columns, the current state's key; null when gone.</summary>
    private async Task<CdcTable?> StoredTableAsync(string table, CancellationToken cancellationToken)
    {
        var columns = (await ExistingColumnsAsync(table + CdcMetadata.ChangeLogSuffix, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Key is not (CdcMetadata.Operation or CdcMetadata.Lsn or CdcMetadata.Sequence or CdcMetadata.ExtractedAt))
            .Select(c => new CdcColumn(c.Key, c.Value)).ToList();
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisprimary",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"{PostgresCdcSql.Quote(_schema)}.{PostgresCdcSql.Quote(table)}" });
        var key = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                key.Add(reader.GetString(0));
            }
        }

        return columns.Count == 0 || key.Count == 0 ? null : new CdcTable(table, [.. columns], [.. key]);
    }

    public async Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        _touched.Add(table.Name);
        _latest.Forget(table.Name);
        await SettleAsync(table.Name, sql, cancellationToken).ConfigureAwait(false);
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var log = new NpgsqlBatchCommand(sql.LogTruncate());
        log.Parameters.Add(new NpgsqlParameter { Value = position.ToString() });
        log.Parameters.Add(new NpgsqlParameter { Value = sequence });
        log.Parameters.Add(new NpgsqlParameter { Value = commitTimeUtc });
        var mark = new NpgsqlBatchCommand(sql.MarkAllDeleted());
        mark.Parameters.Add(new NpgsqlParameter { Value = position.ToString() });
        mark.Parameters.Add(new NpgsqlParameter { Value = commitTimeUtc });
        batch.BatchCommands.Add(log);
        batch.BatchCommands.Add(mark);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies every table's backlog, then commits as <see cref="CommitDeferredAsync"/> does.</summary>
    public async Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await SettleAllAsync(cancellationToken).ConfigureAwait(false);
        await CommitDeferredAsync(checkpoint, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitDeferredAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_backlog.Changes() is { } marks)
        {
            await ExecuteAsync(connection, marks, cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(
            $"""
            INSERT INTO {StateTable} (slot, target_schema, lsn, snapshot_lsn, snapshot_taken_at, updated_at)
            VALUES ($1, $2, $3::pg_lsn, $4::pg_lsn, $5, now())
            ON CONFLICT (slot) DO UPDATE SET target_schema = EXCLUDED.target_schema, lsn = EXCLUDED.lsn,
              snapshot_lsn = EXCLUDED.snapshot_lsn, snapshot_taken_at = EXCLUDED.snapshot_taken_at, updated_at = now()
            """,
            connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Slot });
            command.Parameters.Add(new NpgsqlParameter { Value = _schema });
            command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Position.ToString() });
            command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.SnapshotPosition.ToString() });
            command.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(checkpoint.SnapshotTakenAtUtc, DateTimeKind.Utc) });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_touched.Count > 0)
        {
            // The table and its change log change together, so they share the version.
            await using var tables = new NpgsqlCommand(
                $"""
                INSERT INTO {TablesTable} (schema_name, table_name, lsn)
                SELECT $1, t, $2::pg_lsn FROM unnest($3::text[]) AS t
                ON CONFLICT (schema_name, table_name) DO UPDATE SET lsn = EXCLUDED.lsn
                """,
                connection);
            tables.Parameters.Add(new NpgsqlParameter { Value = _schema });
            tables.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Position.ToString() });
            tables.Parameters.Add(new NpgsqlParameter { Value = _touched.SelectMany(t => new[] { t, t + CdcMetadata.ChangeLogSuffix }).ToArray() });
            await tables.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _touched.Clear();
        }

        await Transaction().CommitAsync(cancellationToken).ConfigureAwait(false);
        await Transaction().DisposeAsync().ConfigureAwait(false);
        _transaction = null;
        _backlog.Committed();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        // Tables, columns and temp tables created in the transaction are gone with it.
        _prepared.Clear();
        _touched.Clear();
        _latest.Clear();
        _backlog.RolledBack();
        await AbandonPendingAsync().ConfigureAwait(false);
        if (_transaction is { } transaction)
        {
            _transaction = null;
            try
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection broke (InvalidOperationException covers the disposed transaction): the server rolls
                // back by itself, and the error that broke it is the one to report, not this one.
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task ForgetAsync(string slot, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DELETE FROM {StateTable} WHERE slot = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await AbandonPendingAsync().ConfigureAwait(false);
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitPendingAsync()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            await pending.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the last batch's statements when the transaction is given up anyway: their failure, if any, is not
    /// the error to report (the one that made the caller give up is), and the rollback discards their work.
    /// </summary>
    private async Task AbandonPendingAsync()
    {
        try
        {
            await WaitPendingAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
        }
    }

    private PostgresCdcSql Prepared(CdcTable table) => PreparedEntry(table).Sql;

    private (CdcTable Table, PostgresCdcSql Sql, bool LogTakesValues) PreparedEntry(CdcTable table) =>
        _prepared.TryGetValue(table.Name, out var p) && ReferenceEquals(p.Table, table)
            ? p
            : throw new InvalidOperationException($"table '{table.Name}' was not prepared with these columns; call PrepareTableAsync first");

    private NpgsqlTransaction Transaction() =>
        _transaction ?? throw new InvalidOperationException("no CDC transaction is open; call BeginAsync first");

    /// <summary>The columns of <paramref name="relation"/> in the target schema, with their types as <c>format_type</c> spells them.</summary>
    private async Task<Dictionary<string, string>> ExistingColumnsAsync(string relation, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"{PostgresCdcSql.Quote(_schema)}.{PostgresCdcSql.Quote(relation)}" });
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        await ExecuteAsync(await ConnectionAsync(cancellationToken).ConfigureAwait(false), sql, cancellationToken).ConfigureAwait(false);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection, once the previous batch's statements have finished (their failure is thrown here).</summary>
    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        await WaitPendingAsync().ConfigureAwait(false);
        if (_connection is null)
        {
            var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"""
                CREATE SCHEMA IF NOT EXISTS "_engine";
                CREATE TABLE IF NOT EXISTS {StateTable} (slot text PRIMARY KEY, target_schema text NOT NULL, lsn pg_lsn NOT NULL,
                  snapshot_lsn pg_lsn NOT NULL, snapshot_taken_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
                CREATE TABLE IF NOT EXISTS {TablesTable} (schema_name text NOT NULL, table_name text NOT NULL, lsn pg_lsn NOT NULL,
                  PRIMARY KEY (schema_name, table_name));
                {StateBacklog.Create};
                {_backlog.Select}
                """,
                connection);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await _backlog.LoadAsync(reader, cancellationToken).ConfigureAwait(false);
            }

            _connection = connection;
        }

        return _connection;
    }
}
