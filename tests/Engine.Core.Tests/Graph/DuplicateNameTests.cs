using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Graph;

/// <summary>ref() finds resources by name alone, so names must be unique across models, snapshots and seeds.</summary>
public sealed class DuplicateNameTests
{
    [Fact]
    public void Duplicate_model_names_in_two_folders_name_both_files()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/staging/orders.sql"] = "select 1 as id",
            ["models/marts/orders.sql"] = "select 2 as id",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        // Files are compared by path, so the marts copy is "first" and the staging one is reported.
        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("models/staging/orders.sql"), 1, 1);
        Assert.Equal(
            "two resources are named 'orders': models/marts/orders.sql and models/staging/orders.sql; names must be unique across models, snapshots and seeds",
            d.Message);
    }

    [Fact]
    public void Duplicate_names_do_not_hide_the_other_problems()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/staging/orders.sql"] = "select 1 as id",
            ["models/marts/orders.sql"] = "select 2 as id",
            ["models/schema.yml"] = "models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n",
            ["models/report.sql"] = "select * from {{ ref('orders') }} join {{ ref('custmers') }} using (id)",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal([DiagnosticCodes.UnknownRef, DiagnosticCodes.DuplicateName], diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.UnknownRef, project.PathOf("models/report.sql"), 1, 43);
        Assert.Equal(project.PathOf("models/marts/orders.sql"), parsed!.Graph["model.t.orders"].FilePath);
    }

    [Fact]
    public void Duplicate_seed_names_in_two_folders_are_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["seeds/a/countries.csv"] = "code\nnl\n",
            ["seeds/b/countries.csv"] = "code\nbe\n",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("seeds/b/countries.csv"), 1, 1);
        Assert.Contains("seeds/a/countries.csv and seeds/b/countries.csv", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_and_seed_with_the_same_name_collide()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["seeds/countries.csv"] = "code,name\nnl,Netherlands\n",
            ["models/countries.sql"] = "select 1 as id",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DuplicateName, project.PathOf("seeds/countries.csv"), 1, 1);
        Assert.Contains("models/countries.sql and seeds/countries.csv", d.Message, StringComparison.Ordinal);
    }
}
