using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

/// <summary>dbt_utils' tests as a dbt project declares them: names, the <c>arguments:</c> form, refs, and bad arguments.</summary>
public sealed class DbtUtilsTestCompilationTests
{
    private static Dictionary<string, string> Files(string tests) => new()
    {
        ["models/orders.sql"] = "select 1 as id, 2 as customer_id, 10 as amount",
        ["models/customers.sql"] = "select 2 as id",
        ["models/schema.yml"] = $"models:\n  - name: orders\n    tests:\n{tests}",
    };

    [Fact]
    public void Namespaced_and_arguments_form_compile_to_the_same_sql_and_the_node_is_named_after_the_namespace()
    {
        using var project = new TempProject(Files("""
                  - dbt_utils.unique_combination_of_columns:
                      combination_of_columns: [id, customer_id]
                  - dbt_utils.expression_is_true:
                      arguments:
                        expression: amount > 0
                      config:
                        severity: warn
            """));

        var compiled = ProjectPipeline.CompileClean(project);

        var unique = compiled.Nodes.Single(n => n.Node.Name == "dbt_utils_unique_combination_of_columns_orders__id__customer_id");
        Assert.Contains("group by id, customer_id", unique.Sql, StringComparison.Ordinal);
        var expression = compiled.Nodes.Single(n => n.Node.Name == "dbt_utils_expression_is_true_orders__amount_0");
        Assert.Contains("where not(amount > 0)", expression.Sql, StringComparison.Ordinal);
        Assert.Equal("warn", expression.Node.TestConfig!.Severity);
    }

    [Fact]
    public void A_compare_model_ref_becomes_an_edge_and_the_compared_relation()
    {
        using var project = new TempProject(Files("""
                  - dbt_utils.equal_rowcount:
                      arguments:
                        compare_model: ref('customers')
            """));

        var compiled = ProjectPipeline.CompileClean(project);

        var test = compiled.Nodes.Single(n => n.Node.Type == ResourceType.Test);
        Assert.Contains("from \"public\".\"customers\"", test.Sql, StringComparison.Ordinal);
        Assert.Contains("model.t.customers", compiled.Parsed.Graph.Parents(test.Node.UniqueId));
    }

    [Fact]
    public void A_bare_name_is_the_dbt_utils_test_unless_the_project_has_its_own()
    {
        var files = Files("      - unique_combination_of_columns:\n          combination_of_columns: [id]\n");
        using (var bare = new TempProject(files))
        {
            Assert.Contains("having count(*) > 1", ProjectPipeline.CompileClean(bare).Nodes.Single(n => n.Node.Type == ResourceType.Test).Sql, StringComparison.Ordinal);
        }

        files["tests/generic/unique_combination_of_columns.sql"] = "select 'own' as own from {{ model }}";
        using var own = new TempProject(files);
        Assert.Contains("'own'", ProjectPipeline.CompileClean(own).Nodes.Single(n => n.Node.Type == ResourceType.Test).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_argument_is_reported_at_the_test()
    {
        using var project = new TempProject(Files("      - dbt_utils.mutually_exclusive_ranges:\n          lower_bound_column: id\n"));

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MissingKey, project.PathOf("models/schema.yml"), 4, 9);
        Assert.Contains("needs 'upper_bound_column'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_under_arguments_is_reported_where_it_is_written()
    {
        using var project = new TempProject(Files("      - dbt_utils.recency:\n          arguments:\n            field: id\n            datepart: day\n            intervall: 1\n"));

        var (_, diagnostics) = ProjectPipeline.Load(project);

        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.UnknownKey && d.Location?.Line == 8 && d.Message.Contains("did you mean 'interval'?", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_gaps_value_is_a_compile_error_naming_the_allowed_ones()
    {
        using var project = new TempProject(Files("      - dbt_utils.mutually_exclusive_ranges:\n          lower_bound_column: id\n          upper_bound_column: amount\n          gaps: sometimes\n"));

        var (parsed, parseDiagnostics) = ProjectPipeline.Parse(project);
        ProjectPipeline.AssertNone(parseDiagnostics);
        var (_, diagnostics) = ProjectPipeline.Compile(parsed!);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidValue, project.PathOf("models/schema.yml"), 4, 9);
        Assert.Contains("allowed, not_allowed, required", d.Message, StringComparison.Ordinal);
    }
}
