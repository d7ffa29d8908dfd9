using Engine.Core.Diagnostics;
using Engine.Import.Dbt;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Xunit;

namespace Engine.Import.Tests.Dbt;

/// <summary>
/// A dbt project using each construct the import converts (and a few it cannot): what is written, what is reported, and
/// that the engine loads and compiles the result.
/// </summary>
public sealed class DbtImporterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-import-unit", Guid.NewGuid().ToString("N"));

    private string Dbt => Path.Combine(_root, "dbt");

    private string Out => Path.Combine(_root, "out");

    [Fact]
    public void A_dbt_project_becomes_a_project_the_engine_compiles()
    {
        WriteProject();

        var outcome = DbtImporter.Import(Dbt, Out, new DbtImportOptions());

        var pipeline = File.ReadAllText(Path.Combine(Out, "pipeline.yml"));
        Assert.Contains("target: dev", pipeline, StringComparison.Ordinal);
        Assert.Contains("password: ${SHOP_PASSWORD}", pipeline, StringComparison.Ordinal);
        Assert.Contains("password: ${PROD_DB_PASSWORD}", pipeline, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", pipeline, StringComparison.Ordinal);
        Assert.Contains("database: shop_db", pipeline, StringComparison.Ordinal);
        Assert.Contains("+schema: analytics_marts", pipeline, StringComparison.Ordinal);
        Assert.Contains("min_amount: 0", pipeline, StringComparison.Ordinal);
        Assert.Contains("+post_hook: \"{{ if target.name == 'prod' }}analyze {{ this }}{{ end }}\"", pipeline, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "models", "snapshots", "customers_snapshot.sql")));
        Assert.True(File.Exists(Path.Combine(Out, "tests", "generic", "is_positive.sql")));
        Assert.True(File.Exists(Path.Combine(Out, "tests", "assert_no_negative.sql")));
        Assert.Contains("{{ func cents_to_dollars(col, scale = 2) -}}", File.ReadAllText(Path.Combine(Out, "macros", "cents.sql")), StringComparison.Ordinal);
        Assert.Contains("name: shop", File.ReadAllText(Path.Combine(Out, "sources.yml")), StringComparison.Ordinal);
        Assert.Contains("dbt_utils.accepted_range", File.ReadAllText(Path.Combine(Out, "models", "marts", "schema.yml")), StringComparison.Ordinal);

        Assert.Equal(
            [
                "dbt/dbt_project.yml(15,1): warning ENG1902: 'on-run-end' in dbt_project.yml has no counterpart in the engine; dropped",
                "dbt/models/marts/schema.yml(14,1): warning ENG1902: 'exposures:' has no counterpart in the engine; dropped",
                "dbt/models/staging/stg_customers.sql(4,1): warning ENG1901: not converted, kept as written: 'run_query'(...) is not available (templates here do not query the warehouse, and dbt packages do not exist) in {% set rows = run_query('select 1') %}",
                "dbt/profiles.yml(8,7): warning ENG1901: the password written in profiles.yml is not copied: set SHOP_PASSWORD in the environment or .env",
            ],
            outcome.Warnings.Select(w => w.Format(_root)));

        // The construct kept as written stops the engine's compile at the same place, so remove it and compile.
        var staging = Path.Combine(Out, "models", "staging", "stg_customers.sql");
        File.WriteAllLines(staging, File.ReadAllLines(staging).Where(l => !l.Contains("run_query", StringComparison.Ordinal)));
        var session = ProjectSession.Open(new SessionOptions(Out), TestWarehouses.Registry);
        var compiled = session.Compile(session.SelectNodes());
        var fct = compiled.Nodes.Single(n => n.Node.Name == "fct_payments");
        Assert.Contains("(amount / 100)::numeric(16, 2) as dollars", fct.Sql, StringComparison.Ordinal);
        Assert.Equal("shop_db.analytics_marts.fct_payments", fct.Node.Relation?.ToString());
        Assert.Contains(compiled.Nodes, n => n.Node.Name.Contains("is_positive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_without_dbt_project_yml_is_refused()
    {
        Directory.CreateDirectory(Dbt);

        var error = Assert.Throws<ProjectException>(() => DbtImporter.Import(Dbt, Out, new DbtImportOptions()));

        Assert.Equal(DiagnosticCodes.ImportNotDbtProject, error.Diagnostics.Single().Code);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_destination_that_is_not_empty_is_refused_and_left_alone()
    {
        WriteProject();
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "keep.txt"), "mine");

        var error = Assert.Throws<ProjectException>(() => DbtImporter.Import(Dbt, Out, new DbtImportOptions()));

        Assert.Equal(DiagnosticCodes.ImportTargetNotEmpty, error.Diagnostics.Single().Code);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(Out).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error_at_its_place_and_nothing_is_written()
    {
        WriteProject();
        Write("models/staging/broken.yml", "version: 2\nmodels:\n  - name: [unclosed\n");

        var error = Assert.Throws<ProjectException>(() => DbtImporter.Import(Dbt, Out, new DbtImportOptions()));

        Assert.Contains(error.Diagnostics, d => d.IsError && d.Location?.FilePath.EndsWith("broken.yml", StringComparison.Ordinal) == true);
        Assert.False(Directory.Exists(Out));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteProject()
    {
        Write("dbt_project.yml", """
            name: shop
            profile: shop
            models:
              shop:
                +materialized: view
                marts:
                  +schema: marts
                  materialized: table
                  +post-hook: "{% if target.name == 'prod' %}analyze {{ this }}{% endif %}"
            snapshots:
              shop:
                +target_schema: snapshots
            vars:
              shop: {min_amount: 0}
            on-run-end: ["select 1"]
            """);
        Write("profiles.yml", """
            shop:
              target: dev
              outputs:
                dev:
                  type: postgres
                  host: localhost
                  user: me
                  password: s3cret
                  port: 5432
                  dbname: shop_db
                  schema: analytics
                  threads: 2
                prod:
                  type: postgres
                  host: db.example.com
                  user: "{{ env_var('PROD_DB_USER') }}"
                  pass: "{{ env_var('PROD_DB_PASSWORD') }}"
                  dbname: shop
                  schema: analytics
            """);
        Write("macros/cents.sql", """
            {% macro cents_to_dollars(col, scale=2) -%}
                ({{ col }} / 100)::numeric(16, {{ scale }})
            {%- endmacro %}

            {% test is_positive(model, column_name) %}
            select * from {{ model }} where {{ column_name }} < 0
            {% endtest %}
            """);
        Write("models/staging/stg_customers.sql", """
            {{ config(materialized='incremental', unique_key='id') }}
            {#- customers as loaded -#}
            select id, name, updated_at from {{ source('shop', 'customers') }}
            {% set rows = run_query('select 1') %}
            {% if is_incremental() %}where updated_at > (select max(updated_at) from {{ this }}){% endif %}
            """);
        Write("models/staging/stg_payments.sql", "select id, customer_id, amount from {{ ref('payments') }} where amount >= {{ var('min_amount') }}\n");
        Write("models/marts/fct_payments.sql", "select id, {{ cents_to_dollars('amount') }} as dollars from {{ ref('stg_payments') }}\n");
        Write("models/marts/schema.yml", """
            version: 2
            sources:
              - name: shop
                tables:
                  - name: customers
            models:
              - name: fct_payments
                columns:
                  - name: dollars
                    tests:
                      - is_positive
                      - dbt_utils.accepted_range:
                          min_value: 0
            exposures:
              - name: dashboard
            """);
        Write("snapshots/customers.sql", """
            {% snapshot customers_snapshot %}
            {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
            select * from {{ source('shop', 'customers') }}
            {% endsnapshot %}
            """);
        Write("tests/assert_no_negative.sql", "select * from {{ ref('stg_payments') }} where amount < 0\n");
        Write("seeds/payments.csv", "id,customer_id,amount\n1,1,100\n");
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Dbt, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
