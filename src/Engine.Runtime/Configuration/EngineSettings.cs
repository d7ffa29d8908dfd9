using Microsoft.Extensions.Configuration;

namespace Engine.Runtime.Configuration;

/// <summary>
/// Settings and secrets, from lowest to highest precedence: the repository's <c>.env</c>, the project's <c>.env</c>,
/// then environment variables. Templates read them with <c>env_var()</c>; pipeline.yml refers to them as <c>${NAME}</c>.
/// </summary>
public sealed class EngineSettings
{
    private readonly IConfiguration _configuration;

    private EngineSettings(IConfiguration configuration) => _configuration = configuration;

    public static EngineSettings ForProject(string projectDirectory)
    {
        var project = Path.GetFullPath(projectDirectory);
        var repository = WorkspacePaths.RepositoryRoot(projectDirectory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(repository, ".env")))
            .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(project, ".env")))
            .AddEnvironmentVariables()
            .Build();
        return new EngineSettings(configuration);
    }

    /// <summary>The value of <paramref name="name"/>, or null when no source sets it.</summary>
    public string? Get(string name) => _configuration[name];
}
