using Engine.Cli.Tests.Build;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>contract: {enforced: true}</c> and <c>constraints</c> on the managed (real) PostgreSQL: the DDL carries every
/// constraint, PostgreSQL enforces them, and a model that breaks its contract fails before anything is replaced.
/// </summary>
public sealed class ContractTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private const string CustomerSql = "select c.id, c.name, a.account_id from (values (1, 'ann', 1), (2, 'bob', 2)) as c(id, name, account_id)\njoin {{ ref('account') }} a using (account_id)\n";

    private readonly ScratchProject _project = new(home, "contract");

    public void Dispose() => _project.Dispose();

    private void WriteProject()
    {
        _project.Write("pipeline.yml", $"name: contracts\ntarget: dev\ntargets:\n  dev: {{ type: postgres, database: {_project.Database}, schema: c }}\nmodels:\n  +materialized: table\n");
        _project.Write("models/account.sql", "select account_id from (values (1), (2)) as a(account_id)\n");
        _project.Write("models/customer.sql", CustomerSql);
        _project.Write("models/schema.yml", """
            models:
              - name: account
                config:
                  contract: {enforced: true}
                columns:
                  - name: account_id
                    data_type: integer
                    constraints: [{type: primary_key}]
              - name: customer
                config:
                  contract: {enforced: true}
                constraints:
                  - type: check
                    name: customer_id_positive
                    expression: "id > 0"
                columns:
                  - name: id
                    data_type: int
                    constraints: [{type: not_null}, {type: primary_key}]
                  - name: name
                    data_type: text
                    constraints: [{type: unique}]
                  - name: account_id
                    data_type: integer
                    constraints:
                      - type: foreign_key
                        to: ref('account')
                        to_columns: [account_id]
            """);
    }

    private Task<List<string>> CustomersAsync() => _project.RowsAsync("select id || ':' || name from c.customer order by id");

    [Fact]
    public async Task The_table_is_created_with_every_constraint_and_postgres_enforces_them()
    {
        WriteProject();
        var build = _project.Engine("build");
        Assert.True(build.ExitCode == 0, build.ToString());

        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());
        Assert.Equal(["customer_id_positive:c", "f", "p", "u"], await _project.RowsAsync(
            "select case when contype = 'c' then conname || ':c' else contype::text end from pg_constraint where conrelid = 'c.customer'::regclass order by 1"));
        Assert.Equal(["account_id:integer:YES", "id:integer:NO", "name:text:YES"], await _project.RowsAsync(
            "select column_name || ':' || data_type || ':' || is_nullable from information_schema.columns where table_schema = 'c' and table_name = 'customer' order by 1"));

        // A duplicate key fails the build in the staged table: the previous rows stay.
        _project.Write("models/customer.sql", CustomerSql.Replace("(2, 'bob', 2)", "(1, 'bob', 2)", StringComparison.Ordinal));
        var duplicate = _project.Engine("build", "--select", "customer");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("duplicate key", duplicate.Stdout + duplicate.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());

        // So does a check.
        _project.Write("models/customer.sql", CustomerSql.Replace("(2, 'bob', 2)", "(-2, 'bob', 2)", StringComparison.Ordinal));
        var check = _project.Engine("build", "--select", "customer");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("customer_id_positive", check.Stdout + check.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());

        // A valid change replaces the table, constraints and all, beside the one it replaces.
        _project.Write("models/customer.sql", CustomerSql.Replace("'bob'", "'bea'", StringComparison.Ordinal));
        var rebuilt = _project.Engine("build", "--select", "customer");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        Assert.Equal(["1:ann", "2:bea"], await CustomersAsync());
        Assert.Equal(4, (await _project.RowsAsync("select 1 from pg_constraint where conrelid = 'c.customer'::regclass")).Count);
    }

    [Fact]
    public async Task A_model_that_breaks_its_contract_fails_listing_the_columns_before_anything_is_replaced()
    {
        WriteProject();
        Assert.Equal(0, _project.Engine("build").ExitCode);

        _project.Write("models/customer.sql", "select cast(c.id as text) as id, c.name, a.account_id, 1 as extra\nfrom (values (1, 'ann', 1)) as c(id, name, account_id)\njoin {{ ref('account') }} a using (account_id)\n");
        // Bad input, as a unique_key the model lacks is: exit 2.
        var broken = _project.Engine("build", "--select", "customer");
        Assert.Equal(2, broken.ExitCode);
        var output = broken.Stdout + broken.Stderr;
        Assert.Contains("does not meet its contract", output, StringComparison.Ordinal);
        Assert.Matches(@"id\s+integer\s+text", output);
        Assert.Matches(@"extra\s+\(not declared\)\s+integer", output);
        Assert.DoesNotMatch(@"\bname\s+text", output);
        Assert.False(broken.HasStackTrace, broken.ToString());
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());
        Assert.Empty(await _project.RowsAsync("select relname from pg_class where relkind = 'r' and relname like 'customer\\_\\_engine%'"));
    }

    [Fact]
    public void A_contract_column_without_a_type_is_reported_at_its_yaml_line()
    {
        WriteProject();
        var yaml = File.ReadAllText(Path.Combine(_project.Root, "models", "schema.yml"));
        _project.Write("models/schema.yml", System.Text.RegularExpressions.Regex.Replace(yaml, @"\n *data_type: text", string.Empty));
        var result = _project.Engine("compile");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"models/schema\.yml\(\d+,\d+\): error ENG\d+: column 'name' of 'customer' needs a data_type", result.Stderr);
    }
}
