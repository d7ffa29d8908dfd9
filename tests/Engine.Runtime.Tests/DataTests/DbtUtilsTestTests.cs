using Engine.Runtime.Execution;
using Engine.Runtime.Tests.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.DataTests;

/// <summary>
/// Every built-in dbt_utils test, declared in YAML as a dbt project declares it, runs on the real server against a
/// model whose data keeps the rule and one whose data breaks it: the first must pass, the second must fail.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DbtUtilsTestTests(PostgresFixture postgres)
{
    // Same columns in both: id, athlete_id, valid_from, valid_to, distance_m, sport, note, name, loaded_at.
    private const string Good = """
        (1, 1, date '2024-01-01', date '2024-02-01', 10.0, 'run', 'x', 'a', now()),
        (2, 1, date '2024-02-01', date '9999-12-31', 20.0, 'ride', null, 'b', now()),
        (3, 2, date '2024-01-01', date '9999-12-31', 30.0, 'run', 'y', 'c', now())
        """;

    // Each rule is broken: a gap in id, a duplicated (athlete_id, valid_from) whose ranges overlap, athlete 7 unknown,
    // distances out of range, one sport, no note at all, empty names, nothing loaded for ten days, and four rows.
    private const string Bad = """
        (1, 1, date '2024-01-01', date '2024-03-01', 10.0, 'run', cast(null as text), 'a', now() - interval '10 days'),
        (2, 1, date '2024-01-01', date '2024-02-01', -5.0, 'run', null, '', now() - interval '10 days'),
        (3, 2, date '2024-01-01', date '9999-12-31', 20.0, 'run', null, '  ', now() - interval '10 days'),
        (5, 7, date '2024-01-01', date '9999-12-31', 2000.0, 'run', null, 'd', now() - interval '10 days')
        """;

    private static readonly string[] Tests =
    [
        "expression_is_true", "accepted_range", "unique_combination_of_columns", "not_constant", "at_least_one",
        "not_empty_string", "recency", "equal_rowcount", "fewer_rows_than", "relationships_where",
        "mutually_exclusive_ranges", "sequential_values", "not_null_proportion",
    ];

    private static string Model(string rows) =>
        $"{{{{ config {{ materialized: 'table' }} }}}}\nselect * from (values\n{rows}\n) as t(id, athlete_id, valid_from, valid_to, distance_m, sport, note, name, loaded_at)";

    // The dbt_utils. prefix, dbt 1.10's arguments: block, a bare name and a config: block are all used.
    private static string Yaml(string model) => $$"""
          - name: {{model}}
            tests:
              - dbt_utils.expression_is_true:
                  name: expression_is_true_{{model}}
                  arguments:
                    expression: "distance_m >= 0"
              - dbt_utils.unique_combination_of_columns:
                  name: unique_combination_of_columns_{{model}}
                  combination_of_columns: [athlete_id, valid_from]
              - dbt_utils.recency:
                  name: recency_{{model}}
                  arguments: {field: loaded_at, datepart: day, interval: 1}
              - dbt_utils.equal_rowcount:
                  name: equal_rowcount_{{model}}
                  compare_model: ref('three_rows')
              - dbt_utils.fewer_rows_than:
                  name: fewer_rows_than_{{model}}
                  arguments:
                    compare_model: ref('four_rows')
              - mutually_exclusive_ranges:
                  name: mutually_exclusive_ranges_{{model}}
                  lower_bound_column: valid_from
                  upper_bound_column: valid_to
                  partition_by: athlete_id
                  gaps: allowed
            columns:
              - name: id
                tests:
                  - dbt_utils.sequential_values:
                      name: sequential_values_{{model}}
              - name: athlete_id
                tests:
                  - dbt_utils.relationships_where:
                      name: relationships_where_{{model}}
                      arguments:
                        to: ref('athletes')
                        field: id
                        from_condition: athlete_id < 100
              - name: distance_m
                tests:
                  - dbt_utils.accepted_range:
                      name: accepted_range_{{model}}
                      arguments: {min_value: 0, max_value: 1000}
                      config: {severity: error}
              - name: sport
                tests:
                  - dbt_utils.not_constant:
                      name: not_constant_{{model}}
              - name: note
                tests:
                  - dbt_utils.at_least_one:
                      name: at_least_one_{{model}}
                  - dbt_utils.not_null_proportion:
                      name: not_null_proportion_{{model}}
                      at_least: 0.5
              - name: name
                tests:
                  - dbt_utils.not_empty_string:
                      name: not_empty_string_{{model}}
        """;

    [Fact]
    public async Task Each_test_passes_on_data_that_keeps_its_rule_and_fails_on_data_that_breaks_it()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/good.sql"] = Model(Good),
            ["models/bad.sql"] = Model(Bad),
            ["models/athletes.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 3) as id",
            ["models/three_rows.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 3) as id",
            ["models/four_rows.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 4) as id",
            ["models/schema.yml"] = $"version: 2\nmodels:\n{Yaml("good")}\n{Yaml("bad")}\n",
        });

        var outcome = await project.BuildAsync();

        foreach (var test in Tests)
        {
            Assert.True(NodeStatus.Pass == outcome.Status($"{test}_good"), $"{test} on good data: {outcome.Result($"{test}_good").Message}");
            var bad = outcome.Result($"{test}_bad");
            Assert.True(bad.Status == NodeStatus.Fail && bad.Failures > 0, $"{test} on bad data: {bad.Status} {bad.Message}");
        }
    }

    [Fact]
    public async Task Failing_rows_are_those_that_break_the_rule()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/bad.sql"] = Model(Bad),
            ["models/athletes.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 3) as id",
            ["models/three_rows.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 3) as id",
            ["models/four_rows.sql"] = "{{ config { materialized: 'table' } }}\nselect id from generate_series(1, 4) as id",
            ["models/schema.yml"] = $"version: 2\nmodels:\n{Yaml("bad")}\n",
        });

        var outcome = await project.BuildAsync();

        Assert.Equal(2, outcome.Result("accepted_range_bad").Failures); // -5 and 2000
        Assert.Equal(1, outcome.Result("expression_is_true_bad").Failures);
        Assert.Equal(1, outcome.Result("unique_combination_of_columns_bad").Failures);
        Assert.Equal(2, outcome.Result("not_empty_string_bad").Failures); // '' and '  ' trimmed
        Assert.Equal(1, outcome.Result("sequential_values_bad").Failures); // 3 then 5
        Assert.Equal("7", outcome.Result("relationships_where_bad").Sample!.Rows[0][0]);
        // Athlete 1's two versions both start on 2024-01-01: the first (by upper bound) overlaps the second.
        Assert.Equal(1, outcome.Result("mutually_exclusive_ranges_bad").Failures);
    }
}
