using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Snowflake.Cdc;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake.StandIn;

/// <summary>
/// What the Snowflake adapter must do on any account, the stand-in or a real one: each scenario builds through the real
/// SQL API client in a schema of its own and checks the result by querying it.
/// </summary>
public static class SnowflakeContract
{
    private const string Now = "cast('2026-01-15 06:30:00' as timestamp_ntz)";

    public static IReadOnlyDictionary<string, Func<SnowflakeTestAccount, string, Task>> Scenarios { get; } =
        new Dictionary<string, Func<SnowflakeTestAccount, string, Task>>(StringComparer.Ordinal)
        {
            ["table_replaced_atomically"] = TableReplacedAtomicallyAsync,
            ["view_replaced"] = ViewReplacedAsync,
            ["incremental_merge_and_delete_insert"] = IncrementalAsync,
            ["snapshot_versions"] = SnapshotAsync,
            ["seed_in_batches"] = SeedAsync,
            ["test_wrapper_counts_failures"] = TestWrapperAsync,
            ["catalog_reads"] = CatalogAsync,
            ["cdc_sink"] = CdcSinkAsync,
            ["statement_error_has_snowflake_code"] = StatementErrorAsync,
        };

    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..10];

    public static async Task RunAsync(SnowflakeTestAccount account, string scenario)
    {
        var schema = NewSchema();
        try
        {
            await Scenarios[scenario](account, schema);
        }
        finally
        {
            await using var warehouse = account.Warehouse();
            await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
            await session.ExecuteAsync($"drop schema if exists {schema} cascade", CancellationToken.None);
        }
    }

    private static async Task TableReplacedAtomicallyAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var target = new Relation(null, schema, "orders");
        await session.ExecuteAsync(warehouse.Sql.CreateSchema(schema), CancellationToken.None);
        await ReplaceAsync(warehouse, session, target, "select 1 as id union all select 2 union all select 3");
        Assert.Equal("3", await ScalarAsync(session, $"select count(*) from {schema}.orders"));

        // A failing build (a value that is no number) leaves the old table whole.
        await Assert.ThrowsAsync<WarehouseStatementException>(() => ReplaceAsync(warehouse, session, target, "select cast('x' || id as integer) as id from (select 1 as id)"));
        Assert.Equal("3", await ScalarAsync(session, $"select count(*) from {schema}.orders"));

        await ReplaceAsync(warehouse, session, target, "select 1 as id union all select 2 union all select 3 union all select 4 union all select 5");
        Assert.Equal("5", await ScalarAsync(session, $"select count(*) from {schema}.orders"));
        var leftovers = await session.ListRelationsAsync([schema], CancellationToken.None);
        Assert.Equal(["orders"], leftovers.Select(r => r.Relation.Identifier));
    }

    private static async Task ViewReplacedAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        await session.ExecuteAsync(warehouse.Sql.CreateSchema(schema), CancellationToken.None);
        var view = new Relation(null, schema, "numbers");
        await ReplaceAsync(warehouse, session, view, "select 1 as n", RelationKind.View);
        await ReplaceAsync(warehouse, session, view, "select 1 as n union all select 2", RelationKind.View);
        Assert.Equal("2", await ScalarAsync(session, $"select count(*) from {schema}.numbers"));
        Assert.Equal(RelationKind.View, (await session.DescribeAsync(view, CancellationToken.None))!.Kind);
    }

    private static async Task IncrementalAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var sql = warehouse.Sql;
        var target = new Relation(null, schema, "customers");
        await session.ExecuteAsync(sql.CreateSchema(schema), CancellationToken.None);
        await session.ExecuteAsync(sql.CreateTableAs(target, "select 1 as id, 'ann' as name union all select 2, 'bob'"), CancellationToken.None);

        await session.BeginAsync(CancellationToken.None);
        await session.ExecuteAsync(sql.CreateTemporaryTableAs("customers__engine_incr", $"select 2 as id, 'bobby' as name union all select 3, 'cy'"), CancellationToken.None);
        var incoming = await session.ColumnsAsync("customers__engine_incr", CancellationToken.None);
        Assert.Equal(["id", "name"], incoming.Select(c => c.Name));
        var merged = await session.ExecuteAsync(sql.Merge(target, "customers__engine_incr", ["id"], ["id", "name"]), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        Assert.Equal(2, merged.RowsAffected);
        Assert.Equal("1:ann,2:bobby,3:cy", await ListAsync(session, $"select id || ':' || name from {schema}.customers order by id"));

        await session.BeginAsync(CancellationToken.None);
        await session.ExecuteAsync(sql.CreateTemporaryTableAs("customers__engine_incr", "select 1 as id, 'anna' as name"), CancellationToken.None);
        await session.ExecuteAsync(sql.DeleteMatching(target, "customers__engine_incr", ["id"]), CancellationToken.None);
        await session.ExecuteAsync(sql.Insert(target, "customers__engine_incr", ["id", "name"]), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        Assert.Equal("1:anna,2:bobby,3:cy", await ListAsync(session, $"select id || ':' || name from {schema}.customers order by id"));

        // The scratch table is gone with the node's work.
        Assert.Null(await session.DescribeAsync(new Relation(null, "PUBLIC", "customers__engine_incr"), CancellationToken.None));
    }

    private static async Task SnapshotAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var sql = warehouse.Sql;
        var target = new Relation(null, schema, "customer_history");
        var spec = new SnapshotSpec(["id"], "check", null, ["name"], "invalidate", SnapshotColumnNames.Default, Now);
        await session.ExecuteAsync(sql.CreateSchema(schema), CancellationToken.None);
        await session.ExecuteAsync(sql.SnapshotCreate(target, "select 1 as id, 'ann' as name union all select 2, 'bob'", spec), CancellationToken.None);

        var later = spec with { Now = "cast('2026-01-16 06:30:00' as timestamp_ntz)" };
        await session.ExecuteAsync(sql.SnapshotStage("__engine_snapshot_staging", "select 1 as id, 'anna' as name", later), CancellationToken.None);
        foreach (var statement in sql.SnapshotApply(target, "__engine_snapshot_staging", later, ["id", "name"]))
        {
            await session.ExecuteAsync(statement, CancellationToken.None);
        }

        await session.ExecuteAsync("drop table if exists \"__engine_snapshot_staging\"", CancellationToken.None);
        var rows = await session.QueryAsync($"select id, name, is_current from {schema}.customer_history order by id, valid_from", 10, CancellationToken.None);
        Assert.Equal(["1 ann false", "1 anna true", "2 bob false"], rows.Rows.Select(r => string.Join(' ', r)));
    }

    private static async Task SeedAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var sql = warehouse.Sql;
        var target = new Relation(null, schema, "countries");
        await session.ExecuteAsync(sql.CreateSchema(schema), CancellationToken.None);
        await session.ExecuteAsync(sql.CreateTable(target, [new ColumnInfo("code", "text"), new ColumnInfo("population", "bigint"), new ColumnInfo("founded", "date")]), CancellationToken.None);
        var loaded = await session.CopyInAsync(target, [new ColumnInfo("code", "text"), new ColumnInfo("population", "bigint"), new ColumnInfo("founded", "date")], Rows(12_345), CancellationToken.None);
        Assert.Equal(12_345, loaded);
        Assert.Equal("12345 12344 2000-01-02", string.Join(' ', (await session.QueryAsync($"select count(*), max(population), min(founded) from {schema}.countries", 1, CancellationToken.None)).Rows[0]));

        static async IAsyncEnumerable<object?[]> Rows(int count)
        {
            await Task.Yield();
            for (var i = 0; i < count; i++)
            {
                yield return [$"c{i}", (long)i, new DateTime(2000, 1, 2).AddDays(i % 30)];
            }
        }
    }

    private static async Task TestWrapperAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var result = await session.QueryAsync(warehouse.Sql.TestResult("select 1 as id union all select null union all select null", "!= 0", "> 1", null), 1, CancellationToken.None);
        Assert.Equal(["failures", "should_warn", "should_error"], result.Columns.ToArray());
        Assert.Equal("3 true true", string.Join(' ', result.Rows[0]));
    }

    private static async Task CatalogAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        await session.ExecuteAsync(warehouse.Sql.CreateSchema(schema), CancellationToken.None);
        await session.ExecuteAsync(warehouse.Sql.CreateTableAs(new Relation(null, schema, "typed"),
            "select cast(1 as bigint) as id, 'x' as label, cast(1.5 as double precision) as ratio, true as flag, cast('2024-01-01 10:00:00+00' as timestamp_tz) as at"), CancellationToken.None);
        await session.ExecuteAsync(warehouse.Sql.CreateView(new Relation(null, schema, "typed_view"), $"select id from {schema}.typed"), CancellationToken.None);
        var relations = await session.ListRelationsAsync([schema], CancellationToken.None);
        var table = Assert.Single(relations, r => r.Relation.Identifier == "typed");
        Assert.Equal(schema, table.Relation.Schema);
        Assert.Equal(["id NUMBER(38,0)", "label VARCHAR", "ratio FLOAT", "flag BOOLEAN", "at TIMESTAMP_TZ"], table.Columns.Select(c => $"{c.Name} {c.DataType}"));
        Assert.Equal(RelationKind.View, Assert.Single(relations, r => r.Relation.Identifier == "typed_view").Kind);
        var values = await session.QueryAsync($"select * from {schema}.typed", 1, CancellationToken.None);
        Assert.Equal("1|x|1.5|true|2024-01-01 10:00:00+00:00", string.Join('|', values.Rows[0]));
    }

    private static async Task CdcSinkAsync(SnowflakeTestAccount account, string schema)
    {
        var table = new CdcTable("people", [new CdcColumn("id", "bigint"), new CdcColumn("name", "text"), new CdcColumn("active", "boolean"), new CdcColumn("doc", "jsonb")], ["id"]);
        var at = new DateTime(2026, 1, 15, 6, 30, 0, DateTimeKind.Utc);
        var slot = "slot_" + schema;
        await using (var sink = new SnowflakeCdcSink(account.Client(), account.Jwt(), schema, "test sink"))
        {
            Assert.Null(await sink.ReadCheckpointAsync(slot, CancellationToken.None));
            await sink.BeginAsync(CancellationToken.None);
            await sink.PrepareTableAsync(table, recreate: true, CancellationToken.None);
            var loaded = await sink.LoadSnapshotAsync(table, Snapshot(), new CdcPosition(100), at, CancellationToken.None);
            await sink.CommitAsync(new CdcCheckpoint(slot, new CdcPosition(100), new CdcPosition(100), at), CancellationToken.None);
            Assert.Equal(3, loaded);

            await sink.BeginAsync(CancellationToken.None);
            var counts = await sink.ApplyAsync(table,
            [
                new CdcChange(CdcOperation.Update, new CdcPosition(200), 1, at.AddMinutes(1), ["1", "ann", "f", null], [false, false, false, true]),
                new CdcChange(CdcOperation.Delete, new CdcPosition(200), 2, at.AddMinutes(1), ["2", null, null, null], [false, true, true, true]),
                new CdcChange(CdcOperation.Insert, new CdcPosition(300), 1, at.AddMinutes(2), ["4", "dee's", "t", "[1.5, 2]"], null),
                // Inserted and deleted since the last sync: logged, never stored, so no tombstone.
                new CdcChange(CdcOperation.Insert, new CdcPosition(300), 2, at.AddMinutes(2), ["5", "eve", "t", null], null),
                new CdcChange(CdcOperation.Delete, new CdcPosition(300), 3, at.AddMinutes(2), ["5", "eve", "t", null], null),
            ], CancellationToken.None);
            Assert.Equal(new CdcApplyCounts(2, 1, 2), counts);

            // Not committed yet: a reader sees the state before the transaction.
            Assert.Equal(new CdcPosition(100), (await sink.ReadCheckpointAsync(slot, CancellationToken.None))!.Position);
            await sink.CommitAsync(new CdcCheckpoint(slot, new CdcPosition(300), new CdcPosition(100), at), CancellationToken.None);
            Assert.Equal(new CdcPosition(300), (await sink.ReadCheckpointAsync(slot, CancellationToken.None))!.Position);
        }

        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var rows = await session.QueryAsync($"select id, name, active, _deleted, _lsn, get(doc, 0)::float from {schema}.people order by id", 10, CancellationToken.None);
        Assert.Equal(["1 ann false false 200 0.5", "2 bob true true 200 ", "3 cy true false 100 ", "4 dee's true false 300 1.5"], rows.Rows.Select(r => string.Join(' ', r)));
        var log = await session.QueryAsync($"select _operation, count(*) from {schema}.people_changes group by _operation order by 1", 10, CancellationToken.None);
        Assert.Equal(["delete 2", "insert 2", "snapshot 3", "update 1"], log.Rows.Select(r => string.Join(' ', r)));

        static async IAsyncEnumerable<IReadOnlyList<string?>> Snapshot()
        {
            await Task.Yield();
            yield return ["1", "ann", "t", "[0.5, 1]"];
            yield return ["2", "bob", "t", null];
            yield return ["3", "cy", "t", null];
        }
    }

    private static async Task StatementErrorAsync(SnowflakeTestAccount account, string schema)
    {
        await using var warehouse = account.Warehouse();
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<WarehouseStatementException>(() => session.ExecuteAsync($"select * from {schema}.no_such_table", CancellationToken.None));
        Assert.Equal(WarehouseErrorKind.Statement, error.Kind);
        Assert.Equal("002003", error.Code);
        Assert.Contains("Snowflake code 002003", error.Message, StringComparison.Ordinal);
    }

    private static Task ReplaceAsync(SnowflakeWarehouse warehouse, IWarehouseSession session, Relation target, string query, RelationKind kind = RelationKind.Table) =>
        warehouse.ReplaceAsync(new RelationReplacement(session, target, kind,
            at => kind == RelationKind.View
                ? session.ExecuteAsync(warehouse.Sql.CreateView(at, query), CancellationToken.None)
                : session.ExecuteAsync(warehouse.Sql.CreateTableAs(at, query), CancellationToken.None),
            async body =>
            {
                await session.BeginAsync(CancellationToken.None);
                await body();
                await session.CommitAsync(CancellationToken.None);
            },
            _ => { }), CancellationToken.None);

    private static async Task<string> ListAsync(IWarehouseSession session, string sql) =>
        string.Join(',', (await session.QueryAsync(sql, 100, CancellationToken.None)).Rows.Select(r => r[0]));

    private static async Task<string?> ScalarAsync(IWarehouseSession session, string sql) =>
        (await session.QueryAsync(sql, 1, CancellationToken.None)).Rows[0][0];

    internal static ImmutableArray<string> Names => [.. Scenarios.Keys];
}
