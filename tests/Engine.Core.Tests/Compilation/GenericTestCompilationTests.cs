using Engine.Core.Compilation;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

public sealed class GenericTestCompilationTests : IDisposable
{
    private readonly TempProject _project = new(new Dictionary<string, string>
    {
        ["models/orders.sql"] = "select 1 as id, 'open' as status, 1 as customer_id, 1 as amount",
        ["models/customers.sql"] = "select 1 as id",
        ["tests/generic/not_negative.sql"] = "select {{ column_name }}\nfrom {{ model }}\nwhere {{ column_name }} < {{ threshold ?? 0 }}",
        ["models/schema.yml"] = """
            models:
              - name: orders
                columns:
                  - name: id
                    tests:
                      - unique
                      - not_null:
                          where: "id > 0"
                  - name: status
                    tests:
                      - accepted_values:
                          values: ['open', 'closed', null]
                  - name: customer_id
                    tests:
                      - relationships:
                          to: ref('customers')
                          field: id
                  - name: amount
                    tests:
                      - not_negative:
                          threshold: 5
            """,
    });

    private readonly CompiledProject _compiled;

    public GenericTestCompilationTests() => _compiled = ProjectPipeline.CompileClean(_project);

    public void Dispose() => _project.Dispose();

    private CompiledNode Test(string testName) =>
        _compiled.Nodes.Single(n => n.Node.Type == ResourceType.Test && n.Node.Fqn[1] == testName);

    [Fact]
    public void Unique_groups_the_column_of_the_model()
    {
        var test = Test("unique");

        Assert.Equal("unique_orders_id", test.Node.Name);
        Assert.Equal("id", test.Node.ColumnName);
        Assert.Equal("model.t.orders", test.Node.AttachedTo);
        Assert.Equal(
            "select id as unique_field, count(*) as n_records\nfrom \"public\".\"orders\"\nwhere id is not null\ngroup by id\nhaving count(*) > 1\n",
            test.Sql);
    }

    [Fact]
    public void A_long_test_name_is_shortened_the_same_way_wherever_the_project_lives()
    {
        var files = new Dictionary<string, string>
        {
            ["models/rides.sql"] = "select 'ride' as sport",
            ["models/schema.yml"] = """
                models:
                  - name: rides
                    columns:
                      - name: sport
                        tests:
                          - accepted_values:
                              values: ['alpineski', 'backcountryski', 'badminton', 'basketball', 'canoeing', 'cricket', 'ride']
                """,
        };
        using var here = new TempProject(files);
        using var there = new TempProject(files);

        var names = new[] { here, there }
            .Select(p => ProjectPipeline.CompileClean(p).Nodes.Single(n => n.Node.Type == ResourceType.Test).Node.Name)
            .ToList();

        Assert.NotEqual(here.Root, there.Root);
        Assert.True(names[0].Length <= 100, names[0]);
        Assert.Equal(names[0], names[1]);
    }

    [Fact]
    public void Where_config_wraps_the_model_in_a_filtered_subquery()
    {
        var test = Test("not_null");

        Assert.Equal("select id\nfrom (select * from \"public\".\"orders\" where id > 0) dbt_subquery\nwhere id is null\n", test.Sql);
    }

    [Fact]
    public void Accepted_values_with_null_lets_nulls_pass()
    {
        var test = Test("accepted_values");

        Assert.Equal("accepted_values_orders_status__open__closed__null", test.Node.Name);
        Assert.Contains("where value_field not in ('open', 'closed')\n", test.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("is null", test.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Relationships_reads_the_referenced_model_and_depends_on_it()
    {
        var test = Test("relationships");

        Assert.Equal<string>(["model.t.customers", "model.t.orders"], test.Node.DependsOn);
        Assert.Contains("    select id as to_field\n    from \"public\".\"customers\"\n", test.Sql, StringComparison.Ordinal);
        Assert.Contains("    select customer_id as from_field\n    from \"public\".\"orders\"\n", test.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_generic_test_gets_model_column_name_and_its_arguments()
    {
        var test = Test("not_negative");

        Assert.Equal("not_negative_orders_amount__5", test.Node.Name);
        Assert.Equal("select amount\nfrom \"public\".\"orders\"\nwhere amount < 5", test.Sql);
    }

    [Fact]
    public void Test_nodes_are_compiled_under_target_compiled_by_their_yaml_path()
    {
        var test = Test("unique");

        Assert.Equal("target/compiled/models/schema.yml/unique_orders_id.sql", test.CompiledPath);
    }
}
