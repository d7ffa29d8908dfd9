using Engine.Core.Compilation;
using Engine.Warehouse.Postgres;
using Engine.Warehouse.Tests.Support;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres;

/// <summary>
/// The statements each materialization runs on Postgres, in the order the runtime issues them, as approved
/// snapshots: a change to generated SQL shows up as a readable diff.
/// </summary>
public sealed class PostgresMaterializationSqlTests
{
    private const string Model = "select id, name, updated_at\nfrom \"raw\".\"customers\";\n";
    private const string Now = "cast('2026-01-15 06:30:00.000000' as timestamp)";
    private static readonly PostgresMaterializationSql Sql = PostgresMaterializationSql.Instance;
    private static readonly Relation Target = new("warehouse", "dwh", "dim_customer");

    public static TheoryData<string> Scenarios => new(
        "table_swap", "view_swap", "materialized_view_create", "materialized_view_refresh",
        "incremental_merge", "incremental_merge_composite_key", "incremental_delete_insert", "incremental_append", "incremental_merge_predicates_update_columns", "incremental_delete_insert_predicates",
        "on_schema_change_sync_all_columns", "seed_load", "snapshot_create", "snapshot_timestamp_invalidate",
        "snapshot_check_new_record", "snapshot_meta_column_names", "test_wrapper", "test_store_failures", "long_identifiers", "table_contract", "docs_and_grants", "table_unchanged_check", "view_unchanged_check", "view_columns_as_built");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Materialization_statements_match_the_approved_snapshot(string scenario) =>
        SqlApprovals.Verify(string.Join(";\n\n", Statements(scenario)) + ";", $"postgres.{scenario}");

    private static IEnumerable<string> Statements(string scenario)
    {
        var staged = Sql.Beside(Target, "__engine_tmp");
        var backup = Sql.Beside(Target, "__engine_backup");
        IEnumerable<string> Swap(string create, RelationKind kind) =>
        [
            Sql.CreateSchema(Target.Schema), "begin", create,
            Sql.LockExclusive([new Relation(null, "bi", "customer_view"), Target]),
            Sql.Rename(Target, kind, backup.Identifier), Sql.Rename(staged, kind, Target.Identifier), Sql.Drop(backup, kind),
            Sql.Savepoint("engine_dependent"), Sql.RecreateView(new DependentView(new Relation(null, "bi", "customer_view"), RelationKind.View, " SELECT dim_customer.id\n   FROM dwh.dim_customer;")),
            "commit",
        ];

        var columns = new[] { "id", "name", "updated_at" };
        var snapshot = new SnapshotSpec(["id"], "timestamp", "updated_at", [], "invalidate", SnapshotColumnNames.Default, Now);
        return scenario switch
        {
            "table_swap" => Swap(Sql.CreateTableAs(staged, Model), RelationKind.Table),
            "view_swap" => Swap(Sql.CreateView(staged, Model), RelationKind.View),
            "materialized_view_create" => Swap(Sql.CreateMaterializedView(staged, Model) + ";\n" + Sql.Comment(staged, RelationKind.MaterializedView, "engine:sha256=0123456789abcdef"), RelationKind.MaterializedView),
            "materialized_view_refresh" => ["begin", Sql.RefreshMaterializedView(Target), "commit"],
            "incremental_merge" => ["begin", Sql.UniqueKeyIndex(Target, ["id"])!, Sql.CreateTemporaryTableAs("dim_customer__engine_incr", Model), Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns), "commit"],
            "incremental_merge_composite_key" => [Sql.Merge(Target, "dim_customer__engine_incr", ["id", "name"], columns)],
            "incremental_delete_insert" => [Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id"]), Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id", "name"]), Sql.Insert(Target, "dim_customer__engine_incr", columns)],
            "incremental_merge_predicates_update_columns" => [
                Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns, ["updated_at"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7", "DBT_INTERNAL_SOURCE.name is not null"]),
                Sql.Merge(Target, "dim_customer__engine_incr", ["id"], columns, ["id", "updated_at"])],
            "incremental_delete_insert_predicates" => [
                Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7"]),
                Sql.DeleteMatching(Target, "dim_customer__engine_incr", ["id", "name"], ["DBT_INTERNAL_DEST.updated_at > current_date - 7", "DBT_INTERNAL_DEST.name <> 'unknown'"])],
            "incremental_append" => [Sql.Insert(Target, "dim_customer__engine_incr", columns)],
            "on_schema_change_sync_all_columns" => [Sql.AddColumn(Target, new ColumnInfo("email", "text")), Sql.DropColumn(Target, "legacy_code"), Sql.AlterColumnType(Target, new ColumnInfo("id", "bigint"))],
            "seed_load" => Swap(Sql.CreateTable(staged, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text"), new ColumnInfo("signed_up_on", "date")]), RelationKind.Table),
            "snapshot_create" => [Sql.SnapshotCreate(staged, Model, snapshot)],
            "snapshot_timestamp_invalidate" => [Sql.SnapshotStage("__engine_snapshot_staging", Model, snapshot), .. Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot, columns)],
            "snapshot_meta_column_names" => [
                Sql.SnapshotCreate(staged, Model, snapshot with { Names = new SnapshotColumnNames("row_id", "start_date", "end_date", "is_current", "was_deleted"), HardDeletes = "new_record" }),
                .. Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot with { Names = new SnapshotColumnNames("row_id", "start_date", "end_date", "is_current", "was_deleted"), HardDeletes = "new_record" }, columns)],
            "snapshot_check_new_record" => Sql.SnapshotApply(Target, "__engine_snapshot_staging", snapshot with { Strategy = "check", CheckColumns = ["name"], HardDeletes = "new_record" }, columns),
            "test_wrapper" => [Sql.TestResult("select id from \"dwh\".\"dim_customer\" where id is null", "!= 0", "> 10", 100), Sql.TestSample("select id from \"dwh\".\"dim_customer\" where id is null", 5)],
            "test_store_failures" => [Sql.Drop(new Relation(null, "public_test_failures", "not_null_dim_customer_id"), RelationKind.Table), Sql.CreateTableAs(new Relation(null, "public_test_failures", "not_null_dim_customer_id"), "select * from \"dwh\".\"dim_customer\" where id is null")],
            "long_identifiers" => [Sql.Rename(Sql.Beside(Target with { Identifier = new string('x', 60) }, "__engine_tmp"), RelationKind.Table, new string('x', 60))],
            "table_contract" => [
                Sql.CreateContractedTable(staged, [new ColumnInfo("id", "bigint"), new ColumnInfo("name", "text"), new ColumnInfo("customer_id", "bigint")], Contracted(PostgresDialect.Instance)),
                Sql.InsertQuery(staged, Model, ["id", "name", "customer_id"])],
            "docs_and_grants" => [
                Sql.Comment(Target, RelationKind.Table, "Customers, one row per customer's current version."),
                Sql.CommentColumn(Target, "name", "The name the customer gave; 'unknown' when none."),
                Sql.Grant(Target, RelationKind.Table, "select", "reporter"),
                Sql.Grant(Target with { Identifier = "customer_view" }, RelationKind.View, "select", "reporter")],
            "table_unchanged_check" => [Sql.SameRows(staged, Target), Sql.Drop(staged, RelationKind.Table)],
            "view_unchanged_check" => [Sql.CreateView(staged, Model), Sql.SameView(staged, Target)],
            "view_columns_as_built" => [Sql.ViewColumns(Target), Sql.ColumnsOf(Model)],
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
