using System.Globalization;
using Engine.Runtime.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Import.Tests.Dbt;

/// <summary>
/// dbt-labs/jaffle_shop (Fixtures/jaffle_shop, unchanged) imported and built: every model and all 20 of its tests pass,
/// and the marts hold what dbt computes, recomputed here in C# from the seed CSVs. dbt-postgres loads the seeds'
/// whole-number columns as integer, so <c>amount / 100</c> is an integer division there as here.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JaffleShopImportTests(PostgresFixture postgres)
{
    private static readonly string[] Methods = ["credit_card", "coupon", "bank_transfer", "gift_card"];

    [Fact]
    public async Task The_imported_project_builds_with_every_test_passing_and_dbts_results()
    {
        await using var project = await ImportedProject.CreateAsync(postgres, "jaffle_shop");
        Assert.Empty(project.Outcome.Warnings);

        var outcome = await project.BuildAsync();

        Assert.False(outcome.Failed, string.Join("\n", outcome.Results.Where(r => r.Status is not (NodeStatus.Success or NodeStatus.Pass)).Select(r => $"{r.Node.Name}: {r.Status} {r.Message}")));
        Assert.Equal(20, outcome.Results.Count(r => r.Status == NodeStatus.Pass));
        Assert.Equal(8, outcome.Results.Count(r => r.Status == NodeStatus.Success));
        Assert.Equal(
            ExpectedCustomers(),
            await project.RowsAsync("select customer_id, first_name, last_name, first_order::text, most_recent_order::text, number_of_orders, customer_lifetime_value from public.customers"));
        Assert.Equal(
            ExpectedOrders(),
            await project.RowsAsync("select order_id, customer_id, order_date::text, status, credit_card_amount, coupon_amount, bank_transfer_amount, gift_card_amount, amount from public.orders"));

        // dbt_project.yml's folder configs: models are tables, models/staging/ views.
        Assert.Equal(
            ["customers|BASE TABLE", "orders|BASE TABLE", "raw_customers|BASE TABLE", "raw_orders|BASE TABLE", "raw_payments|BASE TABLE", "stg_customers|VIEW", "stg_orders|VIEW", "stg_payments|VIEW"],
            await project.RowsAsync("select table_name, table_type from information_schema.tables where table_schema = 'public'"));
    }

    private static List<Dictionary<string, string>> Seed(string name) =>
        SeedCsv.Read(Path.Combine(ImportedProject.Fixture("jaffle_shop"), "seeds", name + ".csv"));

    private static List<string> ExpectedCustomers()
    {
        var orders = Seed("raw_orders");
        var orderOwner = orders.ToDictionary(o => o["id"], o => o["user_id"]);
        var payments = Seed("raw_payments");
        var rows = Seed("raw_customers").Select(c =>
        {
            var own = orders.Where(o => o["user_id"] == c["id"]).ToList();
            var paid = payments.Where(p => orderOwner[p["order_id"]] == c["id"]).ToList();
            return string.Join("|",
                c["id"], c["first_name"], c["last_name"],
                own.Count == 0 ? "null" : own.Select(o => o["order_date"]).Min(StringComparer.Ordinal)!,
                own.Count == 0 ? "null" : own.Select(o => o["order_date"]).Max(StringComparer.Ordinal)!,
                own.Count == 0 ? "null" : own.Count.ToString(CultureInfo.InvariantCulture),
                paid.Count == 0 ? "null" : paid.Sum(p => long.Parse(p["amount"], CultureInfo.InvariantCulture) / 100).ToString(CultureInfo.InvariantCulture));
        }).ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static List<string> ExpectedOrders()
    {
        var payments = Seed("raw_payments");
        var rows = Seed("raw_orders").Select(o =>
        {
            var paid = payments.Where(p => p["order_id"] == o["id"]).ToList();
            var sums = Methods.Select(m => paid.Where(p => p["payment_method"] == m).Sum(p => long.Parse(p["amount"], CultureInfo.InvariantCulture) / 100));
            var amounts = paid.Count == 0
                ? Enumerable.Repeat("null", Methods.Length + 1)
                : sums.Append(paid.Sum(p => long.Parse(p["amount"], CultureInfo.InvariantCulture) / 100)).Select(v => v.ToString(CultureInfo.InvariantCulture));
            return string.Join("|", new[] { o["id"], o["user_id"], o["order_date"], o["status"] }.Concat(amounts));
        }).ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
