using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class StravaListenCommandTests
{
    [Fact]
    public void A_host_that_is_not_an_address_is_one_line_and_exit_2()
    {
        using var project = new ProjectCopy();

        var result = EngineProcess.Run(project.ProjectDir, "strava", "listen", "--host", "notanip", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("ENG1609", error, StringComparison.Ordinal);
        Assert.Contains("'notanip'", error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
