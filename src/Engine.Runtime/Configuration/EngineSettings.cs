using Microsoft.Extensions.Configuration;

namespace Engine.Runtime.Configuration;

/// <summary>
/// Settings and secrets, from lowest to highest precedence: the repository's <c>.env</c>, the project's <c>.env</c>,
/// the user secrets store (id <see cref="UserSecretsId"/>), then environment variables. Templates read them with
/// <c>env_var()</c>; pipeline.yml refers to them as <c>${NAME}</c>; connectors read whole sections
/// (<c>STRAVA__CLIENT_ID</c> is key <c>Strava:Client_Id</c> of section <c>Strava</c>, case-insensitively).
/// </summary>
public sealed class EngineSettings
{
    /// <summary>The user secrets id: <c>dotnet user-secrets set --id strava-engine Strava:Client_Secret ...</c>.</summary>
    public const string UserSecretsId = "strava-engine";

    private readonly IConfiguration _configuration;

    private EngineSettings(IConfiguration configuration) => _configuration = configuration;

    public static EngineSettings ForProject(string projectDirectory)
    {
        var project = Path.GetFullPath(projectDirectory);
        var repository = WorkspacePaths.RepositoryRoot(projectDirectory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Hierarchical(DotEnvFile.Read(Path.Combine(repository, ".env"))))
            .AddInMemoryCollection(Hierarchical(DotEnvFile.Read(Path.Combine(project, ".env"))))
            .AddUserSecrets(UserSecretsId, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        return new EngineSettings(configuration);
    }

    /// <summary>The value of <paramref name="name"/>, or null when no source sets it.</summary>
    public string? Get(string name) => _configuration[name];

    /// <summary>A section of the settings, e.g. <c>Strava</c> for every <c>STRAVA__*</c> variable.</summary>
    public IConfigurationSection Section(string name) => _configuration.GetSection(name);

    /// <summary>
    /// Adds <c>A:B</c> for every <c>A__B</c> key, as the environment-variable provider does, so a <c>.env</c> line and
    /// an exported variable name the same setting. The original key stays for <c>env_var('A__B')</c>.
    /// </summary>
    private static Dictionary<string, string?> Hierarchical(IReadOnlyDictionary<string, string?> values)
    {
        var result = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (key.Contains("__", StringComparison.Ordinal))
            {
                result[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        return result;
    }
}
