namespace Engine.Runtime.Configuration;

/// <summary>
/// Where per-checkout state lives: beside the project folder (the repository root for the default
/// <c>project/</c>), so <c>.env</c> and <c>.engine/</c> are shared by every command run on that project.
/// </summary>
public static class WorkspacePaths
{
    public static string RepositoryRoot(string projectDirectory)
    {
        var project = Path.GetFullPath(projectDirectory).TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetDirectoryName(project) ?? project;
    }

    /// <summary>
    /// The engine's state folder: <c>ENGINE_HOME</c> when set, else <c>.engine/</c> at the repository root. Holds the
    /// managed local server, Strava tokens and the CLI build; the one place ENGINE_HOME is read.
    /// </summary>
    public static string EngineHome(string projectDirectory)
    {
        var home = Environment.GetEnvironmentVariable("ENGINE_HOME");
        return string.IsNullOrEmpty(home) ? Path.Combine(RepositoryRoot(projectDirectory), ".engine") : Path.GetFullPath(home);
    }
}
