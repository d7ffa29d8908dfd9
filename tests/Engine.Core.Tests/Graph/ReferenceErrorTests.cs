using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Graph;

public sealed class ReferenceErrorTests
{
    [Fact]
    public void Unknown_ref_is_reported_at_the_call_with_a_suggestion()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/dwh/dim_athlete.sql"] = "select 1 as athlete_id",
            ["models/dwh/fact_activity.sql"] = """
                select a.*
                from activities a
                join {{ ref('dim_athelete') }} d using (athlete_id)
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("models/dwh/fact_activity.sql"), 3, 9);
        Assert.Equal(
            "models/dwh/fact_activity.sql(3,9): error ENG1201: ref('dim_athelete') not found; did you mean 'dim_athlete'?",
            d.Format(project.Root).Replace('\\', '/'));
    }

    [Fact]
    public void Unknown_table_of_a_known_source_suggests_the_table()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = "sources:\n  - name: raw\n    tables:\n      - name: orders\n",
            ["models/m.sql"] = "\n\nselect * from {{ source('raw', 'ordrs') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownSource, project.PathOf("models/m.sql"), 3, 18);
        Assert.Equal("source('raw', 'ordrs') not found; source 'raw' has no table 'ordrs'; did you mean 'orders'?", d.Message);
    }

    [Fact]
    public void Unknown_source_suggests_the_nearest_source_table()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = "sources:\n  - name: raw\n    tables:\n      - name: orders\n",
            ["models/m.sql"] = "select * from {{ source('rw', 'orders') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownSource, project.PathOf("models/m.sql"), 1, 18);
        Assert.Equal("source('rw', 'orders') not found; did you mean 'raw.orders'?", d.Message);
    }

    [Fact]
    public void Ref_to_a_disabled_model_says_it_is_disabled_and_where()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/legacy/old_orders.sql"] = "{{ config { enabled: false } }}select 1 as id",
            ["models/report.sql"] = "select *\nfrom {{ ref('old_orders') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DisabledRef, project.PathOf("models/report.sql"), 2, 9);
        Assert.Contains("'report' refs 'old_orders', which is disabled", d.Message, StringComparison.Ordinal);
        Assert.Contains("models/legacy/old_orders.sql", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relationships_test_to_an_unknown_model_is_reported_at_the_test()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/orders.sql"] = "select 1 as customer_id",
            ["models/customers.sql"] = "select 1 as id",
            ["models/schema.yml"] = """
                models:
                  - name: orders
                    columns:
                      - name: customer_id
                        tests:
                          - relationships:
                              to: ref('customer')
                              field: id
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("models/schema.yml"), 6, 13);
        Assert.Contains("did you mean 'customers'?", d.Message, StringComparison.Ordinal);
    }
}
