using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class LocalCommandTests
{
    [Fact]
    public void StatusOfAClusterNotYetCreatedSaysHowToCreateIt()
    {
        using var project = new ProjectCopy();
        var home = Path.Combine(project.Root, "home");
        var result = EngineProcess.Run(project.Root, new Dictionary<string, string> { ["ENGINE_HOME"] = home }, "local", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not created yet", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home, "postgres")));
    }
}
