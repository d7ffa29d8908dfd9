using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Snowflake.Api;

namespace Engine.Warehouse.Snowflake.Cdc;

/// <summary>
/// CDC into Snowflake. A SQL API request is its own session, so the transaction the interface promises is one request:
/// rows are staged as they arrive (bound JSON batches into a staging table, outside the transaction), and
/// <see cref="CommitAsync"/> sends every apply statement and the checkpoint together between <c>begin</c> and
/// <c>commit</c>. A crash before that request leaves tables and checkpoint as they were; staged rows of an unfinished
/// transaction are cleared by the next <see cref="PrepareTableAsync"/>.
/// </summary>
public sealed class SnowflakeCdcSink : ICdcSink
{
    /// <summary>Rows per staging request: a few MB of JSON, well under the SQL API's request size.</summary>
    public const int StageBatchRows = 5_000;

    private readonly SqlApiClient _client;
    private readonly KeyPairJwt _jwt;
    private readonly string _schema;
    private readonly string _context;
    private readonly Dictionary<string, (CdcTable Table, SnowflakeCdcSql Sql)> _prepared = new(StringComparer.Ordinal);
    private readonly List<string> _pending = [];
    private bool _stateReady;
    private long _batch;

    public SnowflakeCdcSink(SqlApiClient client, KeyPairJwt jwt, string schema, string context)
    {
        _client = client;
        _jwt = jwt;
        _schema = schema;
        _context = context;
    }

    /// <summary>HTTP requests sent so far, for the benchmark.</summary>
    public long Requests => _client.Requests;

    public async Task<CdcCheckpoint?> ReadCheckpointAsync(string slot, CancellationToken cancellationToken)
    {
        await EnsureStateAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"select lsn, snapshot_lsn, snapshot_taken_at from {SnowflakeCdcSql.StateTable} where slot = ?";
        var result = await RunAsync(new SqlApiRequest(sql) { Bindings = [new SqlApiBinding("TEXT", slot)] }, sql, cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0)
        {
            return null;
        }

        var row = result.Rows[0];
        return new CdcCheckpoint(slot,
            new CdcPosition(ulong.Parse(row[0]!, CultureInfo.InvariantCulture)),
            new CdcPosition(ulong.Parse(row[1]!, CultureInfo.InvariantCulture)),
            DateTimeOffset.Parse(row[2]!, CultureInfo.InvariantCulture).UtcDateTime);
    }

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        _pending.Clear();
        return Task.CompletedTask;
    }

    public async Task PrepareTableAsync(CdcTable table, bool recreate, CancellationToken cancellationToken)
    {
        await EnsureStateAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SnowflakeCdcSql(_schema, table);
        // Staged rows of an unfinished earlier run go; a table widened mid-transaction keeps the rows staged so far.
        var earlier = _prepared.GetValueOrDefault(table.Name).Table;
        var ddl = sql.CreateTables(_schema, recreate, freshStage: earlier is null);
        await RunAsync(new SqlApiRequest(string.Join(";\n", ddl), ddl.Count), "create tables", cancellationToken).ConfigureAwait(false);
        var existing = await ColumnsAsync([table.Name, table.Name + CdcMetadata.ChangeLogSuffix], cancellationToken).ConfigureAwait(false);
        var added = new List<string>();
        foreach (var relation in new[] { (Name: table.Name, Text: sql.Table), (Name: table.Name + CdcMetadata.ChangeLogSuffix, Text: sql.ChangeLog) })
        {
            var known = existing.GetValueOrDefault(relation.Name) ?? [];
            // A column added at the source is added here too; rows written before it keep null.
            added.AddRange(table.Columns.Where(c => !known.Contains(c.Name)).Select(c => sql.AddColumn(relation.Text, c)));
        }

        if (earlier is not null)
        {
            added.AddRange(table.Columns.Where(c => earlier.IndexOf(c.Name) < 0).Select(sql.AddStageColumn));
        }

        if (added.Count > 0)
        {
            await RunAsync(new SqlApiRequest(string.Join(";\n", added), added.Count), "add columns", cancellationToken).ConfigureAwait(false);
        }

        _prepared[table.Name] = (table, sql);
    }

    public async Task<long> LoadSnapshotAsync(CdcTable table, IAsyncEnumerable<IReadOnlyList<string?>> rows, CdcPosition position, DateTime takenAtUtc, CancellationToken cancellationToken)
    {
        var sql = Prepared(table);
        var batch = ++_batch;
        var prefix = new string?[] { batch.ToString(CultureInfo.InvariantCulture), position.Value.ToString(CultureInfo.InvariantCulture), null, "S", Timestamp(takenAtUtc), null };
        var buffer = new List<IReadOnlyList<string?>>(StageBatchRows);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            buffer.Add(row);
            count++;
            if (buffer.Count >= StageBatchRows)
            {
                await StageAsync(sql, buffer, count - buffer.Count, prefix, cancellationToken).ConfigureAwait(false);
            }
        }

        await StageAsync(sql, buffer, count - buffer.Count, prefix, cancellationToken).ConfigureAwait(false);
        _pending.AddRange(sql.Apply(batch, snapshot: true, fillUnchanged: false));
        return count;
    }

    public async Task<CdcApplyCounts> ApplyAsync(CdcTable table, IReadOnlyList<CdcChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return CdcApplyCounts.None;
        }

        var sql = Prepared(table);
        var batch = ++_batch;
        long inserted = 0, updated = 0, deleted = 0;
        var fill = false;
        var json = new List<string?[]>(Math.Min(changes.Count, StageBatchRows));
        foreach (var change in changes)
        {
            switch (change.Operation)
            {
                case CdcOperation.Insert: inserted++; break;
                case CdcOperation.Update: updated++; break;
                default: deleted++; break;
            }

            var unchanged = Unchanged(change.Unchanged);
            fill |= unchanged is not null;
            var row = new string?[SnowflakeCdcSql.StageMeta.Length + change.Values.Count];
            row[0] = batch.ToString(CultureInfo.InvariantCulture);
            row[1] = change.Position.Value.ToString(CultureInfo.InvariantCulture);
            row[2] = change.Sequence.ToString(CultureInfo.InvariantCulture);
            row[3] = change.Operation switch { CdcOperation.Insert => "I", CdcOperation.Update => "U", _ => "D" };
            row[4] = Timestamp(change.CommitTimeUtc);
            row[5] = unchanged;
            for (var i = 0; i < change.Values.Count; i++)
            {
                row[SnowflakeCdcSql.StageMeta.Length + i] = change.Values[i];
            }

            json.Add(row);
            if (json.Count >= StageBatchRows)
            {
                await SendStageAsync(sql, json, cancellationToken).ConfigureAwait(false);
                json.Clear();
            }
        }

        await SendStageAsync(sql, json, cancellationToken).ConfigureAwait(false);
        _pending.AddRange(sql.Apply(batch, snapshot: false, fillUnchanged: fill));
        return new CdcApplyCounts(inserted, updated, deleted);
    }

    public Task TruncateAsync(CdcTable table, CdcPosition position, int sequence, DateTime commitTimeUtc, CancellationToken cancellationToken)
    {
        _pending.AddRange(Prepared(table).Truncate(position, sequence, Timestamp(commitTimeUtc)));
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CdcCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var statements = new List<string> { "begin" };
        statements.AddRange(_pending);
        statements.Add(
            $"merge into {SnowflakeCdcSql.StateTable} as s using (select '{Escape(checkpoint.Slot)}' as slot) as n on s.slot = n.slot\n" +
            $"when matched then update set target_schema = '{Escape(_schema)}', lsn = {checkpoint.Position.Value}, snapshot_lsn = {checkpoint.SnapshotPosition.Value}, " +
            $"snapshot_taken_at = '{Timestamp(checkpoint.SnapshotTakenAtUtc)}'::timestamp_tz, updated_at = current_timestamp()\n" +
            $"when not matched then insert (slot, target_schema, lsn, snapshot_lsn, snapshot_taken_at, updated_at) values ('{Escape(checkpoint.Slot)}', '{Escape(_schema)}', " +
            $"{checkpoint.Position.Value}, {checkpoint.SnapshotPosition.Value}, '{Timestamp(checkpoint.SnapshotTakenAtUtc)}'::timestamp_tz, current_timestamp())");
        statements.AddRange(_prepared.Values.Select(p => p.Sql.ClearStage(_batch)));
        statements.Add("commit");
        await RunAsync(new SqlApiRequest(string.Join(";\n", statements), statements.Count), "commit", cancellationToken).ConfigureAwait(false);
        _pending.Clear();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        _pending.Clear();
        var clear = _prepared.Values.Select(p => p.Sql.ClearStage(_batch)).ToList();
        _prepared.Clear();
        if (clear.Count > 0)
        {
            try
            {
                await RunAsync(new SqlApiRequest(string.Join(";\n", clear), clear.Count), "rollback", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WarehouseStatementException or WarehouseConnectionException)
            {
                // Staged rows of the abandoned batches are cleared by the next PrepareTableAsync.
            }
        }
    }

    public async Task ForgetAsync(string slot, CancellationToken cancellationToken)
    {
        await EnsureStateAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"delete from {SnowflakeCdcSql.StateTable} where slot = ?";
        await RunAsync(new SqlApiRequest(sql) { Bindings = [new SqlApiBinding("TEXT", slot)] }, sql, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _jwt.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StageAsync(SnowflakeCdcSql sql, List<IReadOnlyList<string?>> rows, long firstIndex, string?[] prefix, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var json = new List<string?[]>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new string?[prefix.Length + rows[r].Count];
            prefix.CopyTo(row, 0);
            row[2] = (firstIndex + r + 1).ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < rows[r].Count; i++)
            {
                row[prefix.Length + i] = rows[r][i];
            }

            json.Add(row);
        }

        rows.Clear();
        await SendStageAsync(sql, json, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendStageAsync(SnowflakeCdcSql sql, List<string?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var text = sql.LoadStage();
        var payload = JsonRows(rows);
        await RunAsync(new SqlApiRequest(text) { Bindings = [new SqlApiBinding("TEXT", payload)] }, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows as a JSON array of arrays of strings, written directly (no reflection, so the ahead-of-time build keeps it).</summary>
    private static string JsonRows(List<string?[]> rows)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var value in row)
                {
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteStringValue(value);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task<Dictionary<string, HashSet<string>>> ColumnsAsync(IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var dialect = SnowflakeDialect.Instance;
        var sql = "select table_name, column_name from information_schema.columns where table_schema = " +
            $"{dialect.StringLiteral(SnowflakeNames.Stored(_schema))} and table_name in ({string.Join(", ", tables.Select(t => dialect.StringLiteral(SnowflakeNames.Stored(t))))})";
        var result = await RunAsync(new SqlApiRequest(sql), sql, cancellationToken).ConfigureAwait(false);
        return result.Rows.GroupBy(r => SnowflakeNames.Read(r[0]!))
            .ToDictionary(g => g.Key, g => g.Select(r => SnowflakeNames.Read(r[1]!)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private async Task EnsureStateAsync(CancellationToken cancellationToken)
    {
        if (!_stateReady)
        {
            await RunAsync(new SqlApiRequest(SnowflakeCdcSql.StateDdl, 2), "create state table", cancellationToken).ConfigureAwait(false);
            _stateReady = true;
        }
    }

    private async Task<SqlApiResult> RunAsync(SqlApiRequest request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnowflakeApiException or HttpRequestException)
        {
            throw SnowflakeErrors.Translate(e, request.Statement.Length > 2000 ? what : request.Statement, _context);
        }
    }

    private SnowflakeCdcSql Prepared(CdcTable table) =>
        _prepared.TryGetValue(table.Name, out var p) && ReferenceEquals(p.Table, table)
            ? p.Sql
            : throw new InvalidOperationException($"table '{table.Name}' was not prepared with these columns; call PrepareTableAsync first");

    private static string? Unchanged(IReadOnlyList<bool>? unchanged)
    {
        if (unchanged is null || !unchanged.Contains(true))
        {
            return null;
        }

        var text = new StringBuilder(",");
        for (var i = 0; i < unchanged.Count; i++)
        {
            if (unchanged[i])
            {
                text.Append(i + 1).Append(',');
            }
        }

        return text.ToString();
    }

    private static string Timestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00";

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal);
}
