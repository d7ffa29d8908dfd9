using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Staging;
using Engine.TestSupport;
using Npgsql;
using NpgsqlTypes;
using Strava.Sandbox;
using Strava.Sandbox.Api;

// bench/extract: 2 athletes x N activities (default 50,000) from the sandbox into staging.
// 1. A full extract through StravaExtractor: API requests against the minimum possible
//    (per athlete: ceil(activities/200) pages + 1 empty page + 1 profile + 1 token).
// 2. The staging load alone, on the same rows: the loader (binary COPY + upsert, one transaction per page of 200)
//    against a baseline measured in the same run that inserts them one INSERT at a time, as the original pipeline did.
if (args is ["athletes", ..])
{
    // bench/extract athletes [N]: many athletes under one application's rate limits (ManyAthletes.cs).
    await ManyAthletes.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
    return;
}

if (args is ["parallel", ..])
{
    // bench/extract parallel [athletes] [ms]: a quiet day with Strava's latency, athletes one at a time and four at a time.
    await ParallelAthletes.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200);
    return;
}

var perAthlete = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
Console.Error.WriteLine($"starting a throwaway PostgreSQL and a sandbox with 2 x {perAthlete:N0} activities...");
await using var temporary = new TemporaryCluster();
var instance = await temporary.Cluster.EnsureStartedAsync();
var clock = Stopwatch.StartNew();
await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
{
    Clock = SandboxClock.At(now),
    HistoryDays = 730,
    FutureDays = 0,
    ActivitiesPerAthlete = perAthlete,
    ReadLimit15Min = 10_000_000,
    ReadLimitDaily = 10_000_000,
    OverallLimit15Min = 10_000_000,
    OverallLimitDaily = 10_000_000,
});
Console.Error.WriteLine($"sandbox data generated and served in {clock.Elapsed.TotalSeconds:F1}s");

// 1. Requests of a full extract.
await instance.EnsureDatabaseAsync("bench_extract");
await using (var extractor = new StravaExtractor(new StravaExtractorOptions(
    instance.ConnectionString("bench_extract"), Engine.Cli.Composition.StravaSandboxStandIn.Credentials(sandbox), new MemoryRefreshTokenStore())))
{
    clock.Restart();
    var summary = await extractor.RunAsync(new ExtractRequest(), null, CancellationToken.None);
    var elapsed = clock.Elapsed;
    var counts = sandbox.Data.Athletes.Select(a => sandbox.Data.Visible(a.Id, now).Count).ToArray();
    var minimum = counts.Sum(n => ((n + 199) / 200) + 3);
    Console.WriteLine($"extract: {summary.Activities:N0} activities of {counts.Length} athletes ({string.Join(" + ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))}) in {elapsed.TotalSeconds:F1}s, {summary.Activities / elapsed.TotalSeconds:N0} activities/s end to end");
    Console.WriteLine($"requests: {sandbox.Requests.Count:N0} made, {minimum:N0} minimum possible (ratio {(double)sandbox.Requests.Count / minimum:F3}); complete: {summary.Complete}");
}

// 2. The same rows, staged in memory exactly as the extractor parses them, loaded twice.
var pages = new List<StagedRecord[]>();
foreach (var athlete in sandbox.Data.Athletes)
{
    foreach (var chunk in sandbox.Data.Visible(athlete.Id, now).Chunk(200))
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var activity in chunk)
            {
                StravaJson.SummaryActivity(json, activity);
            }

            json.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        pages.Add([.. document.RootElement.EnumerateArray().Select(e => StagedRecord.From(StagingTable.Activities, e))]);
    }
}

var rows = pages.Sum(p => p.Length);
var athleteId = sandbox.Data.Athletes[0].Id;

await instance.EnsureDatabaseAsync("bench_loader");
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
clock.Restart();
await using (var staging = await StagingDatabase.OpenAsync(instance.ConnectionString("bench_loader"), CancellationToken.None))
{
    await staging.StartWindowAsync(athleteId, null, null, CancellationToken.None);
    foreach (var page in pages)
    {
        await staging.CommitPageAsync(athleteId, page, page[^1].StartDate, DateTime.UtcNow, CancellationToken.None);
    }
}

var loader = clock.Elapsed;
var loaderCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

var perPage = await BaselineAsync("bench_baseline_paged", pagedTransactions: true);
var autocommit = await BaselineAsync("bench_baseline_autocommit", pagedTransactions: false);
Console.WriteLine($"load: {rows:N0} rows; loader (binary COPY, upsert when a page has known ids, one transaction per page) {loader.TotalSeconds:F2}s = {rows / loader.TotalSeconds:N0} rows/s (engine CPU {loaderCpu.TotalSeconds:F2}s)");
Console.WriteLine($"baseline, one INSERT per row, each its own transaction (the original pipeline): {autocommit.TotalSeconds:F2}s = {rows / autocommit.TotalSeconds:N0} rows/s; loader speed-up {autocommit / loader:F1}x (target >= 20x)");
Console.WriteLine($"baseline, one INSERT per row, one transaction per page of 200: {perPage.TotalSeconds:F2}s = {rows / perPage.TotalSeconds:N0} rows/s; loader speed-up {perPage / loader:F1}x");
NpgsqlConnection.ClearAllPools();

// One INSERT ... ON CONFLICT DO NOTHING per row, as the original pipeline loaded activities.
async Task<TimeSpan> BaselineAsync(string database, bool pagedTransactions)
{
    await instance.EnsureDatabaseAsync(database);
    await (await StagingDatabase.OpenAsync(instance.ConnectionString(database), CancellationToken.None)).DisposeAsync();
    var columns = StagingTable.Activities.Columns;
    var insert = $"INSERT INTO public.activities ({StagingSql.ColumnList(StagingTable.Activities)}) VALUES " +
        $"({string.Join(", ", Enumerable.Range(1, columns.Length + 2).Select(i => $"${i}"))}) ON CONFLICT (id) DO NOTHING";
    var watch = Stopwatch.StartNew();
    await using var connection = new NpgsqlConnection(instance.ConnectionString(database));
    await connection.OpenAsync();
    foreach (var page in pages)
    {
        await using var transaction = pagedTransactions ? await connection.BeginTransactionAsync() : null;
        foreach (var row in page)
        {
            await using var command = new NpgsqlCommand(insert, connection, transaction);
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = columns[i].DbType, Value = row.Values[i] ?? DBNull.Value });
            }

            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = row.Raw });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DateTime.UtcNow });
            await command.ExecuteNonQueryAsync();
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }
    }

    return watch.Elapsed;
}
