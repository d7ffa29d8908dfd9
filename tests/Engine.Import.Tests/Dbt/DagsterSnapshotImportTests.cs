using Engine.Runtime.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Import.Tests.Dbt;

/// <summary>
/// Dagster's dbt snapshot test project (Fixtures/dagster_dbt_snapshot, unchanged): a <c>{% snapshot %}</c> block with
/// <c>config(target_schema='main', strategy='check', check_cols=['status'])</c> in call style. After import it builds into
/// main.orders_snapshot; a changed status then gives that order a second version and closes the first, as dbt's check
/// strategy does, and an unchanged order keeps its one version.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DagsterSnapshotImportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_imported_snapshot_keeps_history_with_the_check_strategy()
    {
        await using var project = await ImportedProject.CreateAsync(postgres, "dagster_dbt_snapshot");
        Assert.Empty(project.Outcome.Warnings);
        Assert.Equal(1, project.Outcome.Written["snapshots"]);

        var first = await project.BuildAsync();
        Assert.False(first.Failed, string.Join("\n", first.Results.Select(r => $"{r.Node.Name}: {r.Status} {r.Message}")));
        Assert.Equal(["orders", "orders_snapshot", "raw_orders"], first.Results.Where(r => r.Status == NodeStatus.Success).Select(r => r.Node.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["1|1|returned|True", "2|3|completed|True", "3|95|completed|True"],
            await project.RowsAsync("select order_id, customer_id, status, valid_to is null from main.orders_snapshot"));

        // The source changes: order 1 is no longer 'returned', order 3's date changes (not a checked column).
        File.WriteAllText(Path.Combine(project.Root, "seeds", "raw_orders.csv"), "id,user_id,order_date,status\n1,1,2018-01-01,completed\n2,3,2018-01-02,completed\n3,95,2018-01-05,completed\n");
        var second = await project.BuildAsync();

        Assert.False(second.Failed, string.Join("\n", second.Results.Select(r => $"{r.Node.Name}: {r.Status} {r.Message}")));
        Assert.Equal(
            ["1|completed|True|True", "1|returned|False|False", "2|completed|True|True", "3|completed|True|True"],
            await project.RowsAsync("select order_id, status, valid_to is null, is_current from main.orders_snapshot"));
    }
}
