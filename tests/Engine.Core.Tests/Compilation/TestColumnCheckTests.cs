using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

/// <summary>A generic test on a column the model does not declare fails at the test's YAML line, not at build.</summary>
public sealed class TestColumnCheckTests
{
    private static TempProject Project(string test, string columns = "    columns:\n      - name: id\n      - name: status\n") =>
        new(new Dictionary<string, string>
        {
            ["models/orders.sql"] = "select 1 as id, 'a' as status",
            ["models/customers.sql"] = "select 1 as id",
            ["tests/generic/positive.sql"] = "select * from {{ model }} where {{ column_name }} < 0",
            ["models/schema.yml"] = $"models:\n  - name: customers\n    columns:\n      - name: id\n  - name: orders\n{columns}{(test.Length > 0 ? "    tests:\n" + test : string.Empty)}",
        });

    [Fact]
    public void A_generic_test_on_an_undeclared_column_is_an_error_at_its_yaml_line()
    {
        // Built-in tests sit under the column they test; a custom one on the model names its column_name.
        using var project = Project("      - positive:\n          column_name: idd\n");

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.UnknownTestColumn, project.PathOf("models/schema.yml"), 10, 9);
        Assert.Equal("test 'positive' is on column 'idd', which 'orders' does not have: its columns are id, status; did you mean 'id'?", d.Message);
    }

    [Fact]
    public void A_relationships_field_the_referenced_model_does_not_declare_is_an_error_at_the_test()
    {
        using var project = Project(
            string.Empty,
            "    columns:\n      - name: id\n        tests:\n          - relationships:\n              to: ref('customers')\n              field: customer_id\n");

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = Assert.Single(diagnostics);
        DiagnosticAssert.At(d, DiagnosticCodes.UnknownTestColumn, project.PathOf("models/schema.yml"), 9, 13);
        Assert.Equal("test 'relationships' is on field 'customer_id', which 'customers' does not have: its columns are id", d.Message);
    }

    [Theory]
    [InlineData("      - positive:\n          column_name: ID\n")]
    [InlineData("      - positive:\n          column_name: \"id || status\"\n")]
    public void Declared_columns_in_any_case_and_expressions_pass(string test)
    {
        using var project = Project(test);

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        ProjectPipeline.AssertNone(diagnostics);
    }

    [Fact]
    public void A_model_that_declares_no_columns_is_not_checked_at_compile_time()
    {
        using var project = Project("      - positive:\n          column_name: idd\n", columns: string.Empty);

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        ProjectPipeline.AssertNone(diagnostics);
    }
}
