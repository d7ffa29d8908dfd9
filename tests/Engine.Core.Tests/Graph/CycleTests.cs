using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Graph;

public sealed class CycleTests
{
    [Fact]
    public void Cycle_of_three_names_every_model_and_its_file_once()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select * from {{ ref('c') }}",
            ["models/b.sql"] = "select * from {{ ref('a') }}",
            ["models/c.sql"] = "select * from {{ ref('b') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        // Reported at the ref that closes the cycle, seen from the first model.
        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.Cycle, project.PathOf("models/a.sql"), 1, 18);
        Assert.Equal(
            "dependency cycle (each refs the next): a (models/a.sql) -> c (models/c.sql) -> b (models/b.sql) -> a (models/a.sql)",
            d.Message);
    }

    [Fact]
    public void Model_that_refs_itself_is_a_cycle()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select 1 as id\nunion all\nselect id + 1 from {{ ref('a') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.Cycle, project.PathOf("models/a.sql"), 3, 23);
        Assert.Contains("a (models/a.sql) -> a (models/a.sql)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_separate_cycles_are_both_reported()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/a.sql"] = "select * from {{ ref('b') }}",
            ["models/b.sql"] = "select * from {{ ref('a') }}",
            ["models/x.sql"] = "select * from {{ ref('y') }}",
            ["models/y.sql"] = "select * from {{ ref('x') }}",
            ["models/ok.sql"] = "select * from {{ ref('a') }}",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal(2, diagnostics.Count);
        DiagnosticAssert.At(diagnostics[0], DiagnosticCodes.Cycle, project.PathOf("models/a.sql"), 1, 18);
        DiagnosticAssert.At(diagnostics[1], DiagnosticCodes.Cycle, project.PathOf("models/x.sql"), 1, 18);
    }
}
