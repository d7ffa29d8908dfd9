using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Templating;

public sealed class TargetAndRunStartedAtTests
{
    private const string Model = "select '{{ target.name }}', '{{ target.type }}', '{{ target.schema }}', '{{ project_name }}'";

    [Fact]
    public void Target_describes_the_default_target()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["pipeline.yml"] = Targets.TwoTargets,
            ["models/m.sql"] = Model,
        }, "m");

        Assert.Equal("select 'dev', 'postgres', 'public', 't'", sql);
    }

    [Fact]
    public void Target_describes_the_chosen_target()
    {
        var sql = ProjectPipeline.CompileModel(new Dictionary<string, string>
        {
            ["pipeline.yml"] = Targets.TwoTargets,
            ["models/m.sql"] = Model,
        }, "m", target: "sf");

        Assert.Equal("select 'sf', 'snowflake', 'PUBLIC', 't'", sql);
    }

    [Fact]
    public void Run_started_at_is_the_runs_start_in_utc_with_microseconds()
    {
        var startedAt = new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_560);

        var sql = ProjectPipeline.CompileModel(
            new Dictionary<string, string> { ["models/m.sql"] = "select '{{ run_started_at }}'" },
            "m",
            o => o with { RunStartedAt = startedAt });

        Assert.Equal("select '2024-05-06 07:08:09.123456+00:00'", sql);
    }
}
