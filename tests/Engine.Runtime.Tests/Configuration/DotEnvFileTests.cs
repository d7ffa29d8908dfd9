using Engine.Runtime.Configuration;
using Xunit;

namespace Engine.Runtime.Tests.Configuration;

public sealed class DotEnvFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-dotenv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadsKeysValuesQuotesCommentsAndExport()
    {
        var path = Path.Combine(_dir, ".env");
        File.WriteAllText(path, """
            # a comment
            PLAIN=value
            export EXPORTED=yes
            SPACED = padded   # trailing comment
            DOUBLE="two words # not a comment"
            SINGLE='it''s raw $HOME'
            EMPTY=
            not a line
            """);

        var values = DotEnvFile.Read(path);

        Assert.Equal("value", values["PLAIN"]);
        Assert.Equal("yes", values["EXPORTED"]);
        Assert.Equal("padded", values["SPACED"]);
        Assert.Equal("two words # not a comment", values["DOUBLE"]);
        Assert.Equal("it''s raw $HOME", values["SINGLE"]);
        Assert.Equal(string.Empty, values["EMPTY"]);
        Assert.Equal(6, values.Count);
    }

    [Fact]
    public void AMissingFileHasNoValues() => Assert.Empty(DotEnvFile.Read(Path.Combine(_dir, "absent.env")));

    [Fact]
    public void EnvironmentVariablesOverrideTheProjectEnvFileWhichOverridesTheRepositoryOne()
    {
        var project = Directory.CreateDirectory(Path.Combine(_dir, "project")).FullName;
        var only = "ENGINE_TEST_" + Guid.NewGuid().ToString("N");
        var both = only + "_BOTH";
        var overridden = only + "_ENV";
        File.WriteAllText(Path.Combine(_dir, ".env"), $"{only}=repo\n{both}=repo\n{overridden}=repo\n");
        File.WriteAllText(Path.Combine(project, ".env"), $"{both}=project\n{overridden}=project\n");
        Environment.SetEnvironmentVariable(overridden, "environment");
        try
        {
            var settings = EngineSettings.ForProject(project);

            Assert.Equal("repo", settings.Get(only));
            Assert.Equal("project", settings.Get(both));
            Assert.Equal("environment", settings.Get(overridden));
            Assert.Null(settings.Get(only + "_UNSET"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(overridden, null);
        }
    }
}
