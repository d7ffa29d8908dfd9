using System.Text.Json;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class LsCommandTests
{
    [Fact]
    public void ListsSelectedNodesByName()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "ls", "--select", "resource_type:model");

        Assert.True(result.ExitCode == 0, result.ToString());
        var names = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["activities", "athlete_changes", "athletes", "bi_analysis", "dim_activity", "dim_athlete", "dim_date", "dim_location", "fact_activity", "fact_activity_route", "fact_monthly_activities_snapshot"],
            names);
    }

    [Fact]
    public void UpstreamSelectionIncludesSources()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "ls", "--select", "+activities", "--exclude", "resource_type:test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["activities", "source:strava.activities"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void JsonOutputHasOneObjectPerNodeWithDependencies()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "ls", "--select", "athletes", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var nodes = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var model = nodes.Single(n => n.GetProperty("resource_type").GetString() == "model");
        Assert.Equal("model.strava.athletes", model.GetProperty("unique_id").GetString());
        Assert.Equal("source.strava.strava.athletes", model.GetProperty("depends_on").GetProperty("nodes")[0].GetString());
        Assert.Contains(nodes, n => n.GetProperty("resource_type").GetString() == "test");
    }

    [Fact]
    public void ABadSelectorIsAUsageError()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, "ls", "--select", "tga:raw");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1301", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'tag'?", result.Stderr, StringComparison.Ordinal);
    }
}
