using Engine.Runtime.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class DataTestTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string> Project = new()
    {
        ["sources.yml"] = "version: 2\nsources:\n  - name: app\n    schema: app\n    tables:\n      - name: raw_customers\n",
        ["models/customers.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 3) as id",
        ["models/orders.sql"] = """
            {{ config { materialized: 'table' } }}
            select * from (values (1, 'a', 1), (2, 'b', 2), (3, null, 3), (4, 'a', 99), (5, 'c', 1)) as t(id, status, customer_id)
            """,
        ["models/order_summary.sql"] = "{{ config { materialized: 'table' } }}\nselect count(*) as orders from {{ ref('orders') }}",
        ["models/customer_names.sql"] = "{{ config { materialized: 'view' } }}\nselect id from {{ ref('customers') }}",
        ["tests/generic/at_least.sql"] = "select {{ column_name }} from {{ model }} where {{ column_name }} < {{ min }}",
        ["tests/no_big_orders.sql"] = "select * from {{ ref('orders') }} where id > 4",
        ["models/schema.yml"] = """
            version: 2
            models:
              - name: customers
                columns:
                  - name: id
                    tests: [unique, not_null]
              - name: orders
                columns:
                  - name: id
                    tests:
                      - unique
                      - not_null
                      - at_least:
                          min: 1
                      - at_least:
                          name: at_least_three
                          min: 3
                          config: {warn_if: '> 1', error_if: '> 5'}
                  - name: status
                    tests:
                      - accepted_values:
                          name: status_values_with_null
                          values: ['a', 'b', 'c', null]
                      - accepted_values:
                          name: status_only_a_or_b
                          values: ['a', 'b']
                          config: {severity: warn}
                      - not_null:
                          config: {store_failures: true, severity: warn}
                  - name: customer_id
                    tests:
                      - relationships:
                          to: ref('customers')
                          field: id
                      - relationships:
                          name: customer_in_source_small_ids
                          to: source('app', 'raw_customers')
                          field: id
                          config: {where: "customer_id < 50"}
            """,
    };

    private static async Task<(BuildHarness Project, BuildOutcome Outcome)> BuildAsync(PostgresFixture postgres, int threads = 4)
    {
        var project = await BuildHarness.CreateAsync(postgres, Project);
        await project.ExecuteAsync("create schema app; create table app.raw_customers as select id from generate_series(1, 3) as id");
        return (project, await project.BuildAsync(threads: threads));
    }

    [Fact]
    public async Task A_test_on_a_column_the_model_lacks_fails_naming_the_yaml_line_that_declared_it()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as id",
            ["models/m.yml"] = "models:\n  - name: m\n    columns:\n      - name: idd\n        tests:\n          - not_null\n",
        });

        var outcome = await project.BuildAsync();

        var result = outcome.Result("not_null_m_idd");
        Assert.Equal(NodeStatus.Error, result.Status);
        Assert.StartsWith("models/m.yml(6,13): test 'not_null_m_idd' declared here failed: ", result.Message, StringComparison.Ordinal);
        Assert.Contains("idd", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_test_type_passes_warns_or_fails_as_its_data_says()
    {
        var (project, outcome) = await BuildAsync(postgres);
        await using var _ = project;
        Assert.Equal(NodeStatus.Pass, outcome.Status("unique_orders_id"));
        Assert.Equal(NodeStatus.Pass, outcome.Status("not_null_orders_id"));
        Assert.Equal(NodeStatus.Pass, outcome.Status("at_least_orders_id__1"));
        Assert.Equal(NodeStatus.Warn, outcome.Status("at_least_three"));
        Assert.Equal(2, outcome.Result("at_least_three").Failures);
        Assert.Equal(NodeStatus.Pass, outcome.Status("status_values_with_null"));
        Assert.Equal(NodeStatus.Warn, outcome.Status("status_only_a_or_b"));
        Assert.Equal(NodeStatus.Pass, outcome.Status("customer_in_source_small_ids"));
        Assert.Equal(NodeStatus.Fail, outcome.Status("no_big_orders"));

        var relationships = outcome.Results.Single(r => r.Node.Name.StartsWith("relationships_orders_customer_id", StringComparison.Ordinal));
        Assert.Equal(NodeStatus.Fail, relationships.Status);
        Assert.Equal(1, relationships.Failures);
        Assert.Equal("99", relationships.Sample!.Rows[0][0]);

        var stored = outcome.Result("not_null_orders_status");
        Assert.Equal(NodeStatus.Warn, stored.Status);
        Assert.Equal(1, await project.ScalarAsync("select count(*) from analytics_test_failures.not_null_orders_status"));
    }

    [Fact]
    public async Task A_failing_error_test_skips_everything_downstream_and_nothing_else()
    {
        var (project, outcome) = await BuildAsync(postgres);
        await using var _ = project;
        Assert.True(outcome.Failed);
        Assert.Equal(NodeStatus.Skipped, outcome.Status("order_summary"));
        Assert.Contains("failed its test", outcome.Result("order_summary").Message, StringComparison.Ordinal);
        Assert.Equal(NodeStatus.Success, outcome.Status("customer_names"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from pg_class where relname = 'order_summary'"));
    }

    [Fact]
    public async Task Tests_of_a_node_run_right_after_it_and_fail_fast_stops_the_build()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Project);
        await project.ExecuteAsync("create schema app; create table app.raw_customers as select id from generate_series(1, 3) as id");
        var outcome = await project.BuildAsync(threads: 1, failFast: true);
        var names = outcome.Results.Select(r => r.Node.Name).ToList();
        Assert.True(names.IndexOf("unique_customers_id") < names.IndexOf("orders"), string.Join(", ", names));
        Assert.Contains(outcome.Results, r => r.Status == NodeStatus.Skipped && r.Message.Contains("--fail-fast", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_thread_and_four_threads_build_the_same_tables()
    {
        var (one, first) = await BuildAsync(postgres, threads: 1);
        var (four, second) = await BuildAsync(postgres, threads: 4);
        await using var _ = one;
        await using var __ = four;
        Assert.Equal(
            first.Results.Select(r => (r.Node.Name, r.Status)).OrderBy(x => x.Name, StringComparer.Ordinal),
            second.Results.Select(r => (r.Node.Name, r.Status)).OrderBy(x => x.Name, StringComparer.Ordinal));
        const string Everything = "select 'orders', count(*) from analytics.orders union all select 'customers', count(*) from analytics.customers";
        Assert.Equal(await one.RowsAsync(Everything), await four.RowsAsync(Everything));
        Assert.Contains(second.Results, r => r.ThreadId != "Thread-1");
    }
}
