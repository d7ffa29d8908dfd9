using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Compilation;

public sealed class ModelConfigValidatorTests
{
    [Fact]
    public void Snapshot_without_strategy_and_unique_key_reports_both_at_the_file()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/snapshots/orders_snapshot.sql"] = "select 1 as id",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => DiagnosticAssert.At(d, DiagnosticCodes.InvalidConfig, project.PathOf("models/snapshots/orders_snapshot.sql"), 1, 1));
        Assert.Contains(diagnostics, d => d.Message.Contains("needs 'strategy'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("needs 'unique_key'", StringComparison.Ordinal));
    }

    [Fact]
    public void Complete_timestamp_snapshot_is_valid()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/snapshots/orders_snapshot.sql"] =
                "{{ config { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' } }}select 1 as id, now() as updated_at",
        });

        var (parsed, diagnostics) = ProjectPipeline.Parse(project);

        ProjectPipeline.AssertNone(diagnostics);
        Assert.Equal("snapshot", parsed!.Graph["snapshot.t.orders_snapshot"].Materialized);
    }

    [Fact]
    public void Model_cannot_be_materialized_as_a_seed()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["models/m.sql"] = "{{ config { materialized: 'seed' } }}select 1",
        });

        var (_, diagnostics) = ProjectPipeline.Parse(project);

        var d = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.InvalidConfig, project.PathOf("models/m.sql"), 1, 1);
        Assert.Contains("cannot be materialized as 'seed'", d.Message, StringComparison.Ordinal);
    }
}
