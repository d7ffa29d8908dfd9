using Engine.Runtime.Execution;
using Engine.Runtime.Tests.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.DataTests;

/// <summary>
/// dbt 1.8 unit tests on the real server: the model's SQL runs on the given rows only (the tables hold other rows,
/// which would change every answer), a wrong expectation fails with the differing rows, and a failing unit test
/// keeps its model from being built.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnitTestTests(PostgresFixture postgres)
{
    private static Dictionary<string, string> Project(string unitTests) => new()
    {
        ["sources.yml"] = "version: 2\nsources:\n  - name: shop\n    schema: shop\n    tables:\n      - name: customers\n",
        ["models/orders.sql"] = """
            {{ config { materialized: 'table' } }}
            select * from (values (1, 100, 5.50, date '2024-01-02'), (2, 100, 7.00, date '2024-01-03'), (3, 200, 1.00, date '2024-01-04')) as t(id, customer_id, amount, ordered_on)
            """,
        ["models/order_totals.sql"] = """
            {{ config { materialized: 'table' } }}
            select c.name, count(*) as orders, sum(o.amount) as total, max(o.ordered_on) as last_order
            from {{ ref('orders') }} as o
            join {{ source('shop', 'customers') }} as c on c.id = o.customer_id
            where o.amount >= {{ var('min_amount', 0) }}
            group by c.name
            """,
        ["models/unit_tests.yml"] = $"unit_tests:\n{unitTests}",
    };

    private const string Given = """
              given:
                - input: ref('orders')
                  rows:
                    - {id: 1, customer_id: 7, amount: 2.25, ordered_on: '2023-05-01'}
                    - {id: 2, customer_id: 7, amount: 3.00}
                    - {id: 3, customer_id: 8, amount: 0.50, ordered_on: '2023-06-01'}
                - input: source('shop', 'customers')
                  format: csv
                  rows: |
                    id,name
                    7,ada
                    8,"grace, hopper"
          """;

    private static async Task<BuildHarness> CreateAsync(PostgresFixture postgres, string unitTests)
    {
        var project = await BuildHarness.CreateAsync(postgres, Project(unitTests));
        await project.ExecuteAsync("create schema shop; create table shop.customers (id integer, name text, vip boolean); insert into shop.customers values (100, 'real', true), (200, 'data', false)");
        return project;
    }

    [Fact]
    public async Task A_unit_test_reads_only_its_given_rows_and_passes_when_they_give_what_it_expects()
    {
        await using var project = await CreateAsync(postgres, $$"""
              - name: totals_per_customer
                model: order_totals
            {{Given}}
                expect:
                  rows:
                    - {name: ada, orders: 2, total: 5.25, last_order: '2023-05-01'}
                    - {name: 'grace, hopper', orders: 1, total: 0.5, last_order: '2023-06-01'}
              - name: min_amount_from_vars
                model: order_totals
                overrides:
                  vars: {min_amount: 1}
            {{Given}}
                expect:
                  format: csv
                  rows: |
                    name,total
                    ada,5.25
            """);

        var outcome = await project.BuildAsync();

        Assert.Equal(NodeStatus.Pass, outcome.Status("totals_per_customer"));
        Assert.Equal(NodeStatus.Pass, outcome.Status("min_amount_from_vars"));
        Assert.Equal(NodeStatus.Success, outcome.Status("order_totals"));
        var names = outcome.Results.Select(r => r.Node.Name).ToList();
        Assert.True(names.IndexOf("totals_per_customer") < names.IndexOf("order_totals"), string.Join(", ", names));
        Assert.Equal(["data|1|1.00", "real|2|12.50"], await project.RowsAsync("select concat_ws('|', name, orders, total) from analytics.order_totals order by name"));
    }

    [Fact]
    public async Task A_wrong_expectation_fails_with_the_differing_rows_and_the_model_is_not_built()
    {
        await using var project = await CreateAsync(postgres, $$"""
              - name: wrong_total
                model: order_totals
            {{Given}}
                expect:
                  rows:
                    - {name: ada, total: 5.25}
                    - {name: 'grace, hopper', total: 9.99}
            """);

        var outcome = await project.BuildAsync();

        var result = outcome.Result("wrong_total");
        Assert.Equal(NodeStatus.Fail, result.Status);
        Assert.Equal(2, result.Failures);
        Assert.Equal("diff,name,total,times", string.Join(',', result.Sample!.Columns));
        Assert.Equal(["+|grace, hopper|0.5|1", "-|grace, hopper|9.99|1"], result.Sample.Rows.Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));
        Assert.Equal(NodeStatus.Skipped, outcome.Status("order_totals"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from pg_class where relname = 'order_totals'"));
    }

    [Fact]
    public async Task A_given_column_the_input_does_not_have_fails_naming_the_yaml_and_the_columns()
    {
        await using var project = await CreateAsync(postgres, """
              - name: typo
                model: order_totals
                given:
                  - input: ref('orders')
                    rows: [{id: 1, custmer_id: 7}]
                  - input: source('shop', 'customers')
                    rows: []
                expect:
                  rows: []
            """);

        var outcome = await project.BuildAsync();

        var result = outcome.Result("typo");
        Assert.Equal(NodeStatus.Error, result.Status);
        Assert.StartsWith("models/unit_tests.yml(2,5): unit test 'typo'", result.Message, StringComparison.Ordinal);
        Assert.Contains("custmer_id", result.Message, StringComparison.Ordinal);
    }
}
