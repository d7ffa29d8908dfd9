using System.Text;
using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Warehouse.Postgres.Cdc;

/// <summary>
/// The CDC sink of a PostgreSQL warehouse: batches are COPied into a temp table (in binary, with the bytes the source
/// sent, when the stream is binary) and applied with one set-based
/// upsert per table; the checkpoint row in <c>_engine.cdc_state</c> is written in the same transaction.
/// <para>
/// Applies are pipelined: <see cref="ApplyAsync"/> formats its batch, waits for the previous batch's statements,
/// copies and starts this batch's statements, and returns without waiting for them, so the server applies one batch
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
    private readonly Dictionary<string, (CdcTable Table, PostgresCdcSql Sql)> _prepared = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    /// <summary>The statements of the last batch, still running on the server (null when none).</summary>
    private Task? _pending;

    /// <summary>The COPY text of a batch; kept between batches so its buffer is reused.</summary>
    private StringBuilder _copy = new(1 << 16);

    /// <summary>The binary COPY data of a batch; reused the same way.</summary>
    private readonly CopyBinary _binary = new();

    public PostgresCdcSink(string connectionString, string schema)
    {
        _connectionString = connectionString;
        _schema = schema;
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
        var sql = new PostgresCdcSql(_schema, table);
        var text = new StringBuilder($"CREATE SCHEMA IF NOT EXISTS {PostgresCdcSql.Quote(_schema)};\n");
        if (recreate)
        {
            text.Append($"DROP TABLE IF EXISTS {sql.Table}, {sql.ChangeLog};\n");
        }

        text.Append(sql.CreateTables());
        // Only a table made or reshaped here is a new data version: every sync prepares its tables, and marking them
        // touched each time made a sync that applied nothing look like new data to every build downstream.
        if (recreate || (await ExistingColumnsAsync(table.Name, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            _touched.Add(table.Name);
        }

        await ExecuteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        foreach (var relation in new[] { table.Name, table.Name + CdcMetadata.ChangeLogSuffix })
        {
            var existing = await ExistingColumnsAsync(relation, cancellationToken).ConfigureAwait(false);
            foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
            {
                _touched.Add(table.Name);
                // A column added at the source: added here too; rows written before it keep null.
                await ExecuteAsync(
                    $"ALTER TABLE {PostgresCdcSql.Quote(_schema)}.{PostgresCdcSql.Quote(relation)} ADD COLUMN {PostgresCdcSql.Quote(column.Name)} {column.SourceType}",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(sql.CreateStaging(), cancellationToken).ConfigureAwait(false);
        _prepared[table.Name] = (table, sql);
    }

    public async Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        _touched.Add(table.Name);
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

        var sql = Prepared(table);
        _touched.Add(table.Name);

        // Formatted before waiting for the previous batch: that is the work the pipeline overlaps.
        var (counts, fill, repeated) = Format(table, changes, _copy.Clear());
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var writer = await connection.BeginTextImportAsync(sql.CopyIntoStaging(binary: false), cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(_copy, cancellationToken).ConfigureAwait(false);
        }

        if (_copy.Capacity > 1 << 24)
        {
            _copy = new StringBuilder(1 << 16); // an exceptional batch of huge rows does not pin its buffer for the run
        }

        // Not cancelled with the run: a follow interrupted between source transactions commits what it applied.
        _pending = ExecuteAsync(connection, sql.Apply(fill, repeated), CancellationToken.None);
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

        var sql = Prepared(table);
        _touched.Add(table.Name);
        var (counts, fill, repeated) = FormatBinary(table, changes, _binary);
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var stream = await connection.BeginRawBinaryCopyAsync(sql.CopyIntoStaging(binary: true), cancellationToken).ConfigureAwait(false))
        {
            foreach (var segment in _binary.Segments)
            {
                await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }

        _pending = ExecuteAsync(connection, sql.Apply(fill, repeated), CancellationToken.None);
        return counts;
    }

    private static (CdcApplyCounts Counts, bool Fill, bool Repeated) FormatBinary(CdcTable table, IReadOnlyList<CdcBinaryChange> changes, CopyBinary copy)
    {
        long inserted = 0, updated = 0, deleted = 0;
        var fill = false;
        var repeated = false;
        var keys = new HashSet<string>(changes.Count, StringComparer.Ordinal);
        var keyPositions = table.PrimaryKey.Select(table.IndexOf).ToArray();
        var unchangedPositions = new List<short>();
        copy.Start();
        foreach (var change in changes)
        {
            switch (change.Operation)
            {
                case CdcOperation.Insert: inserted++; break;
                case CdcOperation.Update: updated++; break;
                default: deleted++; break;
            }

            copy.Row(5 + change.Values.Count);
            copy.Int8(change.Position.Value);
            copy.Int4(change.Sequence);
            copy.Char((byte)(change.Operation switch { CdcOperation.Insert => 'I', CdcOperation.Update => 'U', _ => 'D' }));
            copy.Timestamp(change.CommitTimeUtc);
            unchangedPositions.Clear();
            if (change.Unchanged is { } unchanged)
            {
                for (var i = 0; i < unchanged.Count; i++)
                {
                    if (unchanged[i])
                    {
                        unchangedPositions.Add(checked((short)(i + 1)));
                    }
                }
            }

            if (unchangedPositions.Count > 0)
            {
                copy.Int2Array(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(unchangedPositions));
                fill = true;
            }
            else
            {
                copy.Null();
            }

            repeated = repeated || !keys.Add(CdcBinaryChange.Key(change.Values, keyPositions));
            foreach (var value in change.Values)
            {
                if (value is { } bytes)
                {
                    copy.Value(bytes.Span);
                }
                else
                {
                    copy.Null();
                }
            }
        }

        copy.End();
        return (new CdcApplyCounts(inserted, updated, deleted), fill, repeated);
    }

    /// <summary>Writes <paramref name="changes"/> as COPY text lines for the staging table.</summary>
    private static (CdcApplyCounts Counts, bool Fill, bool Repeated) Format(CdcTable table, IReadOnlyList<CdcChange> changes, StringBuilder line)
    {
        long inserted = 0, updated = 0, deleted = 0;
        var fill = false;
        var repeated = false;
        var keys = new HashSet<string>(changes.Count, StringComparer.Ordinal);
        var keyPositions = table.PrimaryKey.Select(table.IndexOf).ToArray();
        var lastPosition = default(CdcPosition);
        var lastTime = default(DateTime);
        string lsnText = string.Empty, timeText = string.Empty;
        foreach (var change in changes)
        {
            switch (change.Operation)
            {
                case CdcOperation.Insert: inserted++; break;
                case CdcOperation.Update: updated++; break;
                default: deleted++; break;
            }

            // The changes of one source transaction share both: format them once.
            if (change.Position != lastPosition || change.CommitTimeUtc != lastTime)
            {
                (lastPosition, lastTime) = (change.Position, change.CommitTimeUtc);
                (lsnText, timeText) = (change.Position.ToString(), CopyText.Timestamp(change.CommitTimeUtc));
            }

            line.Append(lsnText).Append('\t')
                .Append(change.Sequence).Append('\t')
                .Append(change.Operation switch { CdcOperation.Insert => 'I', CdcOperation.Update => 'U', _ => 'D' }).Append('\t')
                .Append(timeText).Append('\t');
            fill |= AppendUnchanged(line, change.Unchanged);
            repeated = repeated || !keys.Add(keyPositions.Length == 1
                ? change.Values[keyPositions[0]] ?? string.Empty
                : string.Join('\u001f', keyPositions.Select(k => change.Values[k])));
            foreach (var value in change.Values)
            {
                line.Append('\t');
                CopyText.Append(line, value);
            }

            line.Append('\n');
        }

        return (new CdcApplyCounts(inserted, updated, deleted), fill, repeated);
    }

    public async Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        _touched.Add(table.Name);
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

    public async Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
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
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        // Tables, columns and temp tables created in the transaction are gone with it.
        _prepared.Clear();
        _touched.Clear();
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

    /// <summary>Writes <c>_u</c>: the 1-based positions of the values the source did not send, or \N.</summary>
    private static bool AppendUnchanged(StringBuilder line, IReadOnlyList<bool>? unchanged)
    {
        var any = false;
        if (unchanged is not null)
        {
            for (var i = 0; i < unchanged.Count; i++)
            {
                if (unchanged[i])
                {
                    line.Append(any ? ',' : '{').Append(i + 1);
                    any = true;
                }
            }
        }

        line.Append(any ? "}" : "\\N");
        return any;
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

    private PostgresCdcSql Prepared(CdcTable table) =>
        _prepared.TryGetValue(table.Name, out var p) && ReferenceEquals(p.Table, table)
            ? p.Sql
            : throw new InvalidOperationException($"table '{table.Name}' was not prepared with these columns; call PrepareTableAsync first");

    private NpgsqlTransaction Transaction() =>
        _transaction ?? throw new InvalidOperationException("no CDC transaction is open; call BeginAsync first");

    private async Task<HashSet<string>> ExistingColumnsAsync(string relation, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _schema });
        command.Parameters.Add(new NpgsqlParameter { Value = relation });
        var result = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
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
                  PRIMARY KEY (schema_name, table_name))
                """,
                connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _connection = connection;
        }

        return _connection;
    }
}
