using System.Globalization;
using Engine.Connectors.Strava.Staging;
using Engine.Core.Compilation;
using Engine.Warehouse;
using Engine.Warehouse.Cdc;
using Npgsql;

namespace Engine.Connectors.Strava.Erasure;

/// <summary>
/// Removes deauthorized athletes from every table the engine manages in the warehouse: CDC carries a staging delete as a
/// soft delete, and change logs, snapshot history and incremental models keep rows their sources lost, so Strava's
/// requirement to remove a revoking user's data needs hard deletes here. A table holds an athlete's rows when it has an
/// <c>athlete_id</c> column, or is the athletes table of a CDC schema or its change log (keyed <c>id</c>). Only base
/// tables of the given schemas are touched (views follow their tables; <c>_engine</c>'s bookkeeping stays). Every
/// removal is recorded in <c>_engine.strava_erasures</c> (athlete, table, rows, when) in the same transaction; a
/// second pass finds nothing and writes nothing.
/// </summary>
public static class AthleteErasure
{
    public const string AuditTable = "strava_erasures";

    private const string AthleteColumn = "athlete_id";

    /// <summary>The athletes who revoked access, as the webhook worker recorded them in staging (none before any did).</summary>
    public static async Task<IReadOnlyList<long>> DeauthorizedAsync(string stagingConnectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(stagingConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('_engine.strava_deauthorized') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return [];
            }
        }

        var ids = new List<long>();
        await using var command = new NpgsqlCommand("SELECT athlete_id FROM _engine.strava_deauthorized ORDER BY athlete_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>
    /// Deletes <paramref name="athletes"/>' rows from the base tables of <paramref name="schemas"/> in one transaction;
    /// <paramref name="cdcSchemas"/> are the schemas CDC writes, whose <c>athletes</c> tables are keyed by <c>id</c>.
    /// </summary>
    public static async Task<IReadOnlyList<ErasedRows>> EraseAsync(
        IWarehouseSession session, ISqlDialect dialect, IReadOnlyCollection<string> schemas, IReadOnlyCollection<string> cdcSchemas,
        IReadOnlyCollection<long> athletes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (athletes.Count == 0 || schemas.Count == 0)
        {
            return [];
        }

        var tables = await TablesAsync(session, schemas, cdcSchemas, cancellationToken).ConfigureAwait(false);
        var found = new List<(AthleteTable Table, long Athlete)>();
        foreach (var table in tables)
        {
            var key = dialect.QuoteIdentifier(table.Column);
            var present = await session.QueryAsync(
                $"select {key}, count(*) from {table.Name(dialect)} where {key} in ({table.Literals(athletes)}) group by {key}",
                athletes.Count, cancellationToken).ConfigureAwait(false);
            found.AddRange(present.Rows.Select(r => (table, long.Parse(r[0]!, CultureInfo.InvariantCulture))));
        }

        if (found.Count == 0)
        {
            return [];
        }

        var audit = $"{dialect.QuoteIdentifier("_engine")}.{dialect.QuoteIdentifier(AuditTable)}";
        await session.ExecuteAsync($"""
            create schema if not exists {dialect.QuoteIdentifier("_engine")};
            create table if not exists {audit} (athlete_id bigint not null, relation varchar(512) not null, rows_deleted bigint not null, erased_at timestamp not null)
            """, cancellationToken).ConfigureAwait(false);
        var at = nowUtc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var erased = new List<ErasedRows>();
        await session.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (table, athlete) in found)
            {
                var key = dialect.QuoteIdentifier(table.Column);
                var deleted = await session.ExecuteAsync(
                    $"delete from {table.Name(dialect)} where {key} in ({table.Literals([athlete])})", cancellationToken).ConfigureAwait(false);
                var rows = deleted.RowsAffected ?? 0;
                var relation = $"{table.Schema}.{table.Table}".Replace("'", "''", StringComparison.Ordinal);
                await session.ExecuteAsync(
                    $"insert into {audit} (athlete_id, relation, rows_deleted, erased_at) values ({athlete}, '{relation}', {rows}, timestamp '{at}')",
                    cancellationToken).ConfigureAwait(false);
                erased.Add(new ErasedRows(athlete, table.Schema, table.Table, rows));
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return erased;
    }

    /// <summary>The base tables holding athletes, with the column naming them, from the warehouse's information schema.</summary>
    private static async Task<IReadOnlyList<AthleteTable>> TablesAsync(
        IWarehouseSession session, IReadOnlyCollection<string> schemas, IReadOnlyCollection<string> cdcSchemas, CancellationToken cancellationToken)
    {
        var athletesTable = StagingTable.Athletes.Name;
        string[] profiles = [athletesTable, athletesTable + CdcMetadata.ChangeLogSuffix];
        var sql = $"""
            select c.table_schema, c.table_name, c.column_name, c.data_type
            from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where t.table_type = 'BASE TABLE'
              and lower(c.table_schema) in ({Strings(schemas)})
              and (lower(c.column_name) = '{AthleteColumn}'
                or (lower(c.column_name) = 'id' and lower(c.table_schema) in ({Strings(cdcSchemas.Count == 0 ? [""] : cdcSchemas)})
                    and lower(c.table_name) in ({Strings(profiles)})))
            order by 1, 2
            """;
        var result = await session.QueryAsync(sql, 100_000, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows
            .GroupBy(r => (Schema: r[0]!, Table: r[1]!))
            .Select(g => g.OrderBy(r => string.Equals(r[2], AthleteColumn, StringComparison.OrdinalIgnoreCase) ? 0 : 1).First())
            .Select(r => new AthleteTable(r[0]!, r[1]!, r[2]!, IsText(r[3])))];
    }

    private static string Strings(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => "'" + v.ToLowerInvariant().Replace("'", "''", StringComparison.Ordinal) + "'"));

    private static bool IsText(string? dataType) =>
        dataType is not null && (dataType.Contains("char", StringComparison.OrdinalIgnoreCase)
            || dataType.Contains("text", StringComparison.OrdinalIgnoreCase) || dataType.Contains("string", StringComparison.OrdinalIgnoreCase));

    private sealed record AthleteTable(string Schema, string Table, string Column, bool Text)
    {
        public string Name(ISqlDialect dialect) => $"{dialect.QuoteIdentifier(Schema)}.{dialect.QuoteIdentifier(Table)}";


        public string Literals(IEnumerable<long> ids) =>
            string.Join(", ", ids.Select(id => Text ? $"'{id.ToString(CultureInfo.InvariantCulture)}'" : id.ToString(CultureInfo.InvariantCulture)));
    }
}
