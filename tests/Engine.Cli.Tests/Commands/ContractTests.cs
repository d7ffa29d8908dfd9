using Engine.Cli.Tests.Build;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>contract: {enforced: true}</c> and <c>constraints</c> on the managed (real) PostgreSQL: the DDL carries every
/// constraint, PostgreSQL enforces them, and a model that breaks its contract fails before anything is replaced.
/// </summary>
public sealed class ContractTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private const string CustomerSql = "select c.id, c.name, a.account_id from (values (1, 'ann', 1), (2, 'bob', 2)) as c(id, name, account_id)\njoin {{ ref('account') }} a using (account_id)\n";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-contract-" + Guid.NewGuid().ToString("N"));
    private readonly string _database = "contract_" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private EngineResult Engine(params string[] args) => EngineProcess.Run(_root, home.Environment, [.. args, "--project-dir", _root]);

    private void WriteProject()
    {
        Write("pipeline.yml", $"name: contracts\ntarget: dev\ntargets:\n  dev: {{ type: postgres, database: {_database}, schema: c }}\nmodels:\n  +materialized: table\n");
        Write("models/account.sql", "select account_id from (values (1), (2)) as a(account_id)\n");
        Write("models/customer.sql", CustomerSql);
        Write("models/schema.yml", """
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

    private async Task<List<string>> RowsAsync(string sql)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private Task<List<string>> CustomersAsync() => RowsAsync("select id || ':' || name from c.customer order by id");

    [Fact]
    public async Task The_table_is_created_with_every_constraint_and_postgres_enforces_them()
    {
        WriteProject();
        var build = Engine("build");
        Assert.True(build.ExitCode == 0, build.ToString());

        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());
        Assert.Equal(["customer_id_positive:c", "f", "p", "u"], await RowsAsync(
            "select case when contype = 'c' then conname || ':c' else contype::text end from pg_constraint where conrelid = 'c.customer'::regclass order by 1"));
        Assert.Equal(["account_id:integer:YES", "id:integer:NO", "name:text:YES"], await RowsAsync(
            "select column_name || ':' || data_type || ':' || is_nullable from information_schema.columns where table_schema = 'c' and table_name = 'customer' order by 1"));

        // A duplicate key fails the build in the staged table: the previous rows stay.
        Write("models/customer.sql", CustomerSql.Replace("(2, 'bob', 2)", "(1, 'bob', 2)", StringComparison.Ordinal));
        var duplicate = Engine("build", "--select", "customer");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("duplicate key", duplicate.Stdout + duplicate.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());

        // So does a check.
        Write("models/customer.sql", CustomerSql.Replace("(2, 'bob', 2)", "(-2, 'bob', 2)", StringComparison.Ordinal));
        var check = Engine("build", "--select", "customer");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("customer_id_positive", check.Stdout + check.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());

        // A valid change replaces the table, constraints and all, beside the one it replaces.
        Write("models/customer.sql", CustomerSql.Replace("'bob'", "'bea'", StringComparison.Ordinal));
        var rebuilt = Engine("build", "--select", "customer");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        Assert.Equal(["1:ann", "2:bea"], await CustomersAsync());
        Assert.Equal(4, (await RowsAsync("select 1 from pg_constraint where conrelid = 'c.customer'::regclass")).Count);
    }

    [Fact]
    public async Task A_model_that_breaks_its_contract_fails_listing_the_columns_before_anything_is_replaced()
    {
        WriteProject();
        Assert.Equal(0, Engine("build").ExitCode);

        Write("models/customer.sql", "select cast(c.id as text) as id, c.name, a.account_id, 1 as extra\nfrom (values (1, 'ann', 1)) as c(id, name, account_id)\njoin {{ ref('account') }} a using (account_id)\n");
        // Bad input, as a unique_key the model lacks is: exit 2.
        var broken = Engine("build", "--select", "customer");
        Assert.Equal(2, broken.ExitCode);
        var output = broken.Stdout + broken.Stderr;
        Assert.Contains("does not meet its contract", output, StringComparison.Ordinal);
        Assert.Matches(@"id\s+integer\s+text", output);
        Assert.Matches(@"extra\s+\(not declared\)\s+integer", output);
        Assert.DoesNotMatch(@"\bname\s+text", output);
        Assert.False(broken.HasStackTrace, broken.ToString());
        Assert.Equal(["1:ann", "2:bob"], await CustomersAsync());
        Assert.Empty(await RowsAsync("select relname from pg_class where relkind = 'r' and relname like 'customer\\_\\_engine%'"));
    }

    [Fact]
    public void A_contract_column_without_a_type_is_reported_at_its_yaml_line()
    {
        WriteProject();
        var yaml = File.ReadAllText(Path.Combine(_root, "models", "schema.yml"));
        Write("models/schema.yml", System.Text.RegularExpressions.Regex.Replace(yaml, @"\n *data_type: text", string.Empty));
        var result = Engine("compile");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"models/schema\.yml\(\d+,\d+\): error ENG\d+: column 'name' of 'customer' needs a data_type", result.Stderr);
    }
}
