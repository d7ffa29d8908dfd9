using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Engine.Core.Compilation;
using Engine.Warehouse;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Snowflake.Api;
using Engine.Warehouse.Snowflake.Cdc;
using Snowflake.Sandbox;

// SQL API requests per materialization (the adapter's statements, as the runtime issues them) against the statements
// dbt-snowflake's macros issue for the same materialization, and CDC sink rows/s against plain bound INSERTs, both on
// the Snowflake stand-in in the same run.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
await using var server = await SnowflakeSandboxServer.StartAsync(new SnowflakeSandboxOptions());
using var key = RSA.Create(2048);
server.RegisterUser(SandboxUser.For("BENCH", key));
var endpoint = new SqlApiEndpoint(server.BaseAddress, "BENCH", "PUBLIC", null, null);
KeyPairJwt Jwt()
{
    var copy = RSA.Create();
    copy.ImportParameters(key.ExportParameters(true));
    return new KeyPairJwt(server.Options.Account, "BENCH", copy);
}

var jwt = Jwt();
await using var warehouse = new SnowflakeWarehouse(new SqlApiClient(endpoint, jwt), jwt, "bench", SnowflakeMaterializationSql.Instance);
var sql = warehouse.Sql;
await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
await session.ExecuteAsync("create schema if not exists dwh", CancellationToken.None);
var target = new Relation(null, "dwh", "orders");
const string Model = "select seq4() as id, 'name ' || seq4() as name from table(generator(rowcount => 1000))";

async Task<long> CountAsync(Func<Task> body)
{
    var before = warehouse.Client.Requests;
    await body();
    return warehouse.Client.Requests - before;
}

Task Replace(Relation relation, RelationKind kind, string query) => warehouse.ReplaceAsync(new RelationReplacement(session, relation, kind,
    at => kind == RelationKind.View ? session.ExecuteAsync(sql.CreateView(at, query), CancellationToken.None) : session.ExecuteAsync(sql.CreateTableAs(at, query), CancellationToken.None),
    async body => { await session.BeginAsync(CancellationToken.None); await body(); await session.CommitAsync(CancellationToken.None); }, _ => { }), CancellationToken.None);

async Task Incremental(string strategy)
{
    await session.BeginAsync(CancellationToken.None);
    await session.ExecuteAsync(sql.CreateTemporaryTableAs("orders__engine_incr", Model), CancellationToken.None);
    await session.ColumnsAsync("orders__engine_incr", CancellationToken.None);
    if (strategy == "merge")
    {
        await session.ExecuteAsync(sql.Merge(target, "orders__engine_incr", ["id"], ["id", "name"]), CancellationToken.None);
    }
    else
    {
        await session.ExecuteAsync(sql.DeleteMatching(target, "orders__engine_incr", ["id"]), CancellationToken.None);
        await session.ExecuteAsync(sql.Insert(target, "orders__engine_incr", ["id", "name"]), CancellationToken.None);
    }

    await session.CommitAsync(CancellationToken.None);
}

var snapshot = new SnapshotSpec(["id"], "check", null, ["name"], "invalidate", SnapshotColumnNames.Default, "current_timestamp()");
async Task Snapshot()
{
    await session.BeginAsync(CancellationToken.None);
    await session.ExecuteAsync(sql.SnapshotStage("__engine_snapshot_staging", Model, snapshot), CancellationToken.None);
    await session.ColumnsAsync("\"__engine_snapshot_staging\"", CancellationToken.None);
    foreach (var statement in sql.SnapshotApply(new Relation(null, "dwh", "orders_history"), "__engine_snapshot_staging", snapshot, ["id", "name"]))
    {
        await session.ExecuteAsync(statement, CancellationToken.None);
    }

    await session.ExecuteAsync("drop table if exists \"__engine_snapshot_staging\"", CancellationToken.None);
    await session.CommitAsync(CancellationToken.None);
}

async IAsyncEnumerable<object?[]> SeedRows(int count)
{
    await Task.Yield();
    for (var i = 0; i < count; i++)
    {
        yield return [(long)i, $"row {i}"];
    }
}

// dbt-snowflake's statements for the same work, counted from its macros (dbt/include/snowflake/macros/materializations/):
// table.sql: create or replace table (relation cache filled once per schema, not per node) = 1;
// view.sql: create or replace view = 1; incremental.sql + merge.sql: create temporary view, describe the target
// (get_columns_in_relation), begin, merge, commit = 5 (delete+insert: temporary table, describe, begin, delete, insert,
// commit = 6); snapshot.sql: create temporary table of the staged changes, describe staging and target, begin, merge,
// commit = 6; seeds (load_csv_rows, 10,000-row batches): create table + 1 insert per batch; a test: 1 query.
var measures = new List<(string Kind, long Ours, double Dbt)>
{
    ("view", await CountAsync(() => Replace(new Relation(null, "dwh", "orders_view"), RelationKind.View, Model)), 1),
    ("table (first build)", await CountAsync(() => Replace(target, RelationKind.Table, Model)), 1),
    ("table (rebuild)", await CountAsync(() => Replace(target, RelationKind.Table, Model)), 1),
    ("incremental merge", await CountAsync(() => Incremental("merge")), 5),
    ("incremental delete+insert", await CountAsync(() => Incremental("delete+insert")), 6),
};
await session.ExecuteAsync(sql.SnapshotCreate(new Relation(null, "dwh", "orders_history"), Model, snapshot), CancellationToken.None);
measures.Add(("snapshot (apply)", await CountAsync(Snapshot), 6));
measures.Add(("seed (25,000 rows)", await CountAsync(async () =>
{
    var seed = new Relation(null, "dwh", "seed_rows");
    await session.ExecuteAsync(sql.CreateTable(seed, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text")]), CancellationToken.None);
    await session.CopyInAsync(seed, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text")], SeedRows(25_000), CancellationToken.None);
}), 1 + 3));
measures.Add(("data test", await CountAsync(() => session.QueryAsync(sql.TestResult("select id from dwh.orders where id is null", "!= 0", "!= 0", null), 1, CancellationToken.None)), 1));

Console.WriteLine("SQL API requests per node, against dbt-snowflake's statements for the same materialization:");
Console.WriteLine($"  {"materialization",-28} {"engine",7} {"dbt",5} {"ratio",7}");
foreach (var (kind, ours, dbt) in measures)
{
    Console.WriteLine($"  {kind,-28} {ours,7} {dbt,5} {ours / dbt,7:0.00}");
}

// CDC sink: snapshot rows through staged JSON batches, against the same rows as plain bound INSERTs (array bindings).
var table = new CdcTable("events", [new CdcColumn("id", "bigint"), new CdcColumn("kind", "text"), new CdcColumn("amount", "numeric(10,2)"), new CdcColumn("happened_at", "timestamp with time zone")], ["id"]);
async IAsyncEnumerable<IReadOnlyList<string?>> Events(int count)
{
    await Task.Yield();
    for (var i = 0; i < count; i++)
    {
        yield return [i.ToString(CultureInfo.InvariantCulture), i % 3 == 0 ? "click" : "view", (i % 1000 / 10.0).ToString("0.00", CultureInfo.InvariantCulture), "2026-01-15 06:30:00+00"];
    }
}

var clock = Stopwatch.StartNew();
await using (var sink = new SnowflakeCdcSink(new SqlApiClient(endpoint, Jwt()), Jwt(), "cdc", "bench sink"))
{
    await sink.BeginAsync(CancellationToken.None);
    await sink.PrepareTableAsync(table, recreate: true, CancellationToken.None);
    await sink.LoadSnapshotAsync(table, Events(rows), new CdcPosition(100), DateTime.UtcNow, CancellationToken.None);
    await sink.CommitAsync(new CdcCheckpoint("bench", new CdcPosition(100), new CdcPosition(100), DateTime.UtcNow), CancellationToken.None);
}

var sinkSeconds = clock.Elapsed.TotalSeconds;
await session.ExecuteAsync("create or replace table cdc.events_plain (id number(38,0), kind varchar, amount number(10,2), happened_at timestamp_tz)", CancellationToken.None);
clock.Restart();
var ids = new List<string?>();
var kinds = new List<string?>();
var amounts = new List<string?>();
var ats = new List<string?>();
await foreach (var e in Events(rows))
{
    ids.Add(e[0]);
    kinds.Add(e[1]);
    amounts.Add(e[2]);
    ats.Add(e[3]);
    if (ids.Count == SnowflakeCdcSink.StageBatchRows)
    {
        await Flush();
    }
}

await Flush();
var plainSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine($"CDC sink, {rows:N0} rows on the stand-in:");
Console.WriteLine($"  staged JSON batches + apply  {rows / sinkSeconds,10:N0} rows/s  ({sinkSeconds:0.00} s)");
Console.WriteLine($"  plain bound INSERT (baseline) {rows / plainSeconds,9:N0} rows/s  ({plainSeconds:0.00} s)");
Console.WriteLine($"  ratio                        {plainSeconds / sinkSeconds,10:0.00}x");

async Task Flush()
{
    if (ids.Count == 0)
    {
        return;
    }

    await warehouse.Client.ExecuteAsync(new SqlApiRequest("insert into cdc.events_plain (id, kind, amount, happened_at) values (?, ?, ?, ?)")
    {
        Bindings = [new SqlApiBinding("TEXT", ids.ToArray()), new SqlApiBinding("TEXT", kinds.ToArray()), new SqlApiBinding("TEXT", amounts.ToArray()), new SqlApiBinding("TEXT", ats.ToArray())],
    }, CancellationToken.None);
    ids.Clear();
    kinds.Clear();
    amounts.Clear();
    ats.Clear();
}
