using System.Text.Json;
using Xunit;

namespace Engine.Runtime.Tests.Sessions;

/// <summary>
/// Manifest entries keyed by their inputs (<c>ManifestEntryKey</c>): each kind of input a model's or a generic test's
/// entry is made from is changed while the rest stays, and the entry must change with it and equal a full compile's.
/// </summary>
public sealed partial class PartialCompileTests
{
    [Fact]
    public void Sql_body_edit_rewrites_only_that_models_manifest_entry()
    {
        Prime();
        var before = Entry(Compile(partial: true), "model.shop.revenue");
        Write("models/marts/revenue.sql", "select country, sum(amount) as revenue from {{ ref('orders') }} group by 1\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(ManifestEntries - 1, partial.ManifestReused);
        Assert.NotEqual(before, Entry(partial, "model.shop.revenue"));
    }

    [Fact]
    public void Config_call_shaped_by_an_environment_variable_reaches_the_entry()
    {
        Write("models/marts/top.sql", "{{ config { tags: [env_var('ENGINE_TEST_PARTIAL_TAG', 'daily')] } }}\nselect * from {{ ref('revenue') }}\n");
        Prime();
        Write(".env", "ENGINE_TEST_PARTIAL_TAG=hourly\n");

        var partial = AssertSameAsFullCompile();

        Assert.Contains("\"hourly\"", Entry(partial, "model.shop.top"), StringComparison.Ordinal);
        Assert.Equal(ManifestEntries - 1, partial.ManifestReused);
    }

    [Fact]
    public void Tag_given_to_a_model_reaches_the_entries_of_its_tests()
    {
        Prime();
        Write("models/staging/stg_orders.sql", "{{ config { tags: ['nightly'] } }}\nselect id, customer_id, amount from {{ source('raw', 'orders') }}\n");

        var partial = AssertSameAsFullCompile();

        Assert.Contains("\"nightly\"", Entry(partial, "test.shop.unique_stg_orders_id"), StringComparison.Ordinal);
        Assert.Contains("\"nightly\"", Entry(partial, "test.shop.not_null_stg_orders_id"), StringComparison.Ordinal);
    }

    [Fact]
    public void Test_config_edit_in_yaml_reaches_that_tests_entry()
    {
        Prime();
        Write("models/staging/schema.yml", File.ReadAllText(Path.Combine(_root, "models/staging/schema.yml"))
            .Replace("tests: [unique, not_null]", "tests: [unique, {not_null: {config: {severity: warn}}}]", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.Contains("\"WARN\"", Entry(partial, "test.shop.not_null_stg_orders_id"), StringComparison.Ordinal);
    }

    [Fact]
    public void Model_moved_to_a_folder_with_another_config_changes_its_entry()
    {
        Prime();
        var text = File.ReadAllText(Path.Combine(_root, "models/marts/top.sql"));
        File.Delete(Path.Combine(_root, "models/marts/top.sql"));
        Write("models/staging/top.sql", text);

        var partial = AssertSameAsFullCompile();

        var entry = Entry(partial, "model.shop.top");
        Assert.Contains("\"models/staging/top.sql\"", entry, StringComparison.Ordinal);
        Assert.Contains("\"materialized\": \"view\"", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Alias_of_a_referenced_model_changes_the_compiled_code_in_its_dependents_entries()
    {
        Prime();
        Write("models/marts/orders.sql", File.ReadAllText(Path.Combine(_root, "models/marts/orders.sql"))
            .Replace("unique_key: 'id'", "unique_key: 'id', alias: 'orders_v2'", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.Contains("orders_v2", Entry(partial, "model.shop.revenue"), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_test_edit_in_sources_yml_reaches_its_entry()
    {
        Write("sources.yml", File.ReadAllText(Path.Combine(_root, "sources.yml"))
            .TrimEnd() + "\n        columns:\n          - name: id\n            tests: [unique]\n");
        Prime(entries: ManifestEntries + 1);
        Write("sources.yml", File.ReadAllText(Path.Combine(_root, "sources.yml"))
            .Replace("tests: [unique]", "tests: [{unique: {config: {store_failures: true}}}]", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.Contains("\"store_failures\": true", Entry(partial, "test.shop.unique_source_raw_customers_id"), StringComparison.Ordinal);
    }

    [Fact]
    public void Incremental_models_other_branch_follows_a_ref_only_that_branch_reads()
    {
        Write("models/marts/orders.sql", File.ReadAllText(Path.Combine(_root, "models/marts/orders.sql"))
            .Replace("(select max(id) from {{ this }})", "(select max(id) from {{ this }} join {{ ref('customers') }} using (id))", StringComparison.Ordinal));
        Prime();
        Write("models/marts/customers.sql", "{{ config { alias: 'clients' } }}\n" + File.ReadAllText(Path.Combine(_root, "models/marts/customers.sql")));

        var partial = AssertSameAsFullCompile();

        // The first compile builds the table, so only the other branch, kept in the definition, reads the ref.
        Assert.Contains("\"clients\"", partial.Sql["model.shop.orders"].Split("-- definition")[1], StringComparison.Ordinal);
    }

    /// <summary>A node's entry in manifest.json, as written.</summary>
    private static string Entry(Result result, string uniqueId)
    {
        using var manifest = JsonDocument.Parse(result.Manifest);
        return manifest.RootElement.GetProperty("nodes").GetProperty(uniqueId).GetRawText();
    }
}
