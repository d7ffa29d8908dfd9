using Engine.Core.Compilation;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Tests.Support;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>
/// The statements each materialization runs on Snowflake, in the order the adapter issues them, as approved snapshots:
/// no PostgreSQL-only SQL (no pg_lsn, no RETURNING, no temporary tables across requests, no LOCK).
/// </summary>
public sealed class SnowflakeMaterializationSqlTests
{
    private const string Model = "select id, name, updated_at\nfrom raw.customers;\n";
    private const string Now = "cast('2026-01-15 06:30:00.000000' as timestamp_ntz)";
    private static readonly SnowflakeMaterializationSql Sql = SnowflakeMaterializationSql.Instance;
    private static readonly Relation Target = new("ANALYTICS", "dwh", "dim_customer");

    public static TheoryData<string> Scenarios => new(
        "table_swap", "table_first_build", "view_replace", "incremental_merge", "incremental_merge_composite_key",
        "incremental_delete_insert", "incremental_append", "incremental_merge_predicates_update_columns", "incremental_delete_insert_predicates", "on_schema_change_sync_all_columns", "seed_load", "snapshot_create",
        "snapshot_timestamp_invalidate", "snapshot_check_new_record", "snapshot_meta_column_names", "test_wrapper", "test_store_failures", "table_contract", "docs_and_grants");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Materialization_statements_match_the_approved_snapshot(string scenario)
    {
        var sql = string.Join(";\n\n", Statements(scenario)) + ";";
        Assert.DoesNotContain("pg_lsn", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("returning", sql, StringComparison.OrdinalIgnoreCase);
        SqlApprovals.Verify(sql, $"snowflake.{scenario}");
    }

    private static IEnumerable<string> Statements(string scenario)
    {
        var staged = Sql.Beside(Target, SnowflakeWarehouse.TemporarySuffix);
        var columns = new[] { "id", "name", "updated_at" };
        var snapshot = new SnapshotSpec(["id"], "timestamp", "updated_at", [], "invalidate", SnapshotColumnNames.Default, Now);
        return scenario switch
        {
            "table_swap" => [Sql.CreateSchema(Target.Schema), Sql.CreateTableAs(staged, Model), Sql.Swap(Target, staged), Sql.Drop(staged, RelationKind.Table)],
            "table_first_build" => [Sql.CreateTableAs(staged, Model), Sql.Rename(staged, RelationKind.Table, Target.Identifier)],
            "view_replace" => [Sql.CreateView(Target, Model)],
            "incremental_merge" => [Sql.CreateTemporaryTableAs("dim_customer__engine_incr", Model), Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns)],
            "incremental_merge_composite_key" => [Sql.Merge(Target, "dim_customer__engine_incr", ["id", "name"], columns)],
            "incremental_delete_insert" => [Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id"]), Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id", "name"]), Sql.Insert(Target, "dim_customer__engine_incr", columns)],
            "incremental_merge_predicates_update_columns" => [
                Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns, ["updated_at"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7", "DBT_INTERNAL_SOURCE.name is not null"]),
                Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns, ["id", "updated_at"])],
            "incremental_delete_insert_predicates" => [
                Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7"]),
                Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id", "name"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7", "DBT_INTERNAL_DEST.name <> 'unknown'"])],
            "incremental_append" => [Sql.Insert(Target, "dim_customer__engine_incr", columns)],
            "on_schema_change_sync_all_columns" => [Sql.AddColumn(Target, new ColumnInfo("email", "VARCHAR")), Sql.DropColumn(Target, "legacy_code"), Sql.AlterColumnType(Target, new ColumnInfo("id", "NUMBER(38,0)"))],
            "seed_load" => [Sql.CreateTable(staged, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text"), new ColumnInfo("signed_up_on", "date")]), Sql.Swap(Target, staged)],
            "snapshot_create" => [Sql.SnapshotCreate(staged, Model, snapshot)],
            "snapshot_timestamp_invalidate" => [Sql.SnapshotStage("__engine_snapshot_staging", Model, snapshot), .. Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot, columns)],
            "snapshot_meta_column_names" => [
                Sql.SnapshotCreate(staged, Model, snapshot with { Names = new SnapshotColumnNames("row_id", "start_date", "end_date", "is_current", "was_deleted"), HardDeletes = "new_record" }),
                .. Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot with { Names = new SnapshotColumnNames("row_id", "start_date", "end_date", "is_current", "was_deleted"), HardDeletes = "new_record" }, columns)],
            "snapshot_check_new_record" => Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot with { Strategy = "check", CheckColumns = ["name"], HardDeletes = "new_record" }, columns),
            "test_wrapper" => [Sql.TestResult("select id from dwh.dim_customer where id is null", "!= 0", "> 10", 100), Sql.TestSample("select id from dwh.dim_customer where id is null", 5)],
            "test_store_failures" => [Sql.Drop(new Relation(null, "public_test_failures", "not_null_dim_customer_id"), RelationKind.Table), Sql.CreateTableAs(new Relation(null, "public_test_failures", "not_null_dim_customer_id"), "select * from dwh.dim_customer where id is null")],
            "table_contract" => [
                Sql.CreateContractedTable(staged, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text"), new ColumnInfo("customer_id", "bigint")], Contracted(SnowflakeDialect.Instance)),
                Sql.InsertQuery(staged, Model, ["id", "name", "customer_id"])],
            "docs_and_grants" => [
                Sql.Comment(Target, RelationKind.Table, "Customers, one row per customer's current version."),
                Sql.CommentColumn(Target, "name", "The name the customer gave; 'unknown' when none."),
                Sql.Grant(Target, RelationKind.Table, "select", "reporter"),
                Sql.Grant(Target with { Identifier = "customer_view" }, RelationKind.View, "select", "reporter")],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
    }

    /// <summary>One constraint of each type, left to those the dialect enforces, as the runtime passes them.</summary>
    private static List<TableConstraint> Contracted(ISqlDialect dialect) =>
    [
        .. new TableConstraint[]
        {
            new("not_null", ["id"]),
            new("not_null", ["name"]),
            new("primary_key", ["id"]) { Name = "dim_customer_pk" },
            new("unique", ["name"]),
            new("check", ["id"]) { Expression = "id > 0" },
            new("foreign_key", ["customer_id"]) { References = new Relation(null, "dwh", "dim_account"), ReferencesColumns = ["account_id"] },
        }.Where(c => dialect.EnforcedConstraints.Contains(c.Type)),
    ];
}
