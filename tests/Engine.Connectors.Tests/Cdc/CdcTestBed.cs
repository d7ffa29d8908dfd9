using System.Collections.Immutable;
using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
using Engine.TestSupport;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres.Cdc;
using Npgsql;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>A staging database and a warehouse database of their own on the shared cluster, and CDC between them.</summary>
public sealed class CdcTestBed : IAsyncDisposable
{
    private CdcTestBed(string source, string warehouse, string slot)
    {
        Source = source;
        Warehouse = warehouse;
        Slot = slot;
    }

    public string Source { get; }

    public string Warehouse { get; }

    public string Slot { get; }

    public static async Task<CdcTestBed> CreateAsync(PostgresFixture postgres)
    {
        var source = await postgres.CreateDatabaseAsync("cdc_src");
        var warehouse = await postgres.CreateDatabaseAsync("cdc_wh");
        // Slot names are server-wide: each bed gets its own.
        return new CdcTestBed(source, warehouse, "s_" + Guid.NewGuid().ToString("N")[..20]);
    }

    /// <summary>
    /// Drops the bed's replication slot, best effort: slots are server-wide and the shared cluster has 20, which the
    /// Connectors suite's beds outnumber ("all replication slots are in use"). Also empties the beds' connection pools.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync(Source, $"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{Slot}' AND NOT active");
        }
        catch (PostgresException)
        {
            // Still held by a walsender that has not noticed its client is gone: the slot stays, as it did before.
        }

        PostgresFixture.ClearPool(Source);
        PostgresFixture.ClearPool(Warehouse);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails the test when it is still false after a minute.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within a minute");
            await Task.Delay(100);
        }
    }

    public CdcSettings Settings(params string[] tables) =>
        new("strava", new NpgsqlConnectionStringBuilder(Source).Database!, "public", "pub_" + Slot, Slot, "strava",
            [.. tables.Select(t => new CdcTableSettings(t, ImmutableArray<string>.Empty))], SourceLocation.File("sources.yml"));

    public CdcRequest Request(CdcSettings settings) =>
        new(settings, Source, _ => Task.FromResult<ICdcSink>(new PostgresCdcSink(Warehouse, settings.WarehouseSchema)));

    public Task<CdcSummary> SyncAsync(params string[] tables) => SyncAsync(Settings(tables));

    public Task<CdcSummary> SyncAsync(CdcSettings settings, bool reset = false, IProgress<string>? progress = null) =>
        CdcSync.RunAsync(Request(settings) with { Reset = reset }, progress, CancellationToken.None);

    public Task ExecuteSourceAsync(string sql) => ExecuteAsync(Source, sql);

    public Task ExecuteWarehouseAsync(string sql) => ExecuteAsync(Warehouse, sql);

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    public Task<List<string>> QuerySourceAsync(string sql) => QueryAsync(Source, sql);

    public Task<List<string>> QueryWarehouseAsync(string sql) => QueryAsync(Warehouse, sql);

    /// <summary>Each row of <paramref name="sql"/> as one string (its columns' text joined by '|'; null as ∅).</summary>
    public static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is var v && v is byte[] b ? Convert.ToHexString(b) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    /// <summary>The source's rows and the warehouse's live rows of <paramref name="table"/>, same columns, same order.</summary>
    public async Task AssertSameAsync(string table, string columns = "*", string orderBy = "id")
    {
        var sourceColumns = columns == "*"
            ? string.Join(", ", await QuerySourceAsync(
                $"SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = 'public.{table}'::regclass AND attnum > 0 AND NOT attisdropped AND attname NOT IN ('_extracted_at', '_lsn', '_deleted') ORDER BY attnum"))
            : columns;
        var expected = await QuerySourceAsync($"SELECT {sourceColumns} FROM public.{table} ORDER BY {orderBy}");
        var actual = await QueryWarehouseAsync($"SELECT {sourceColumns} FROM strava.{table} WHERE NOT _deleted ORDER BY {orderBy}");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
    }
}
