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
    /// The engine's state folder for a project (managed cluster, Strava tokens): <c>ENGINE_HOME</c> when set, so
    /// tests and shared machines can move it, else <c>.engine</c> beside the project folder.
    /// </summary>
    public static string EngineHome(string projectDirectory)
    {
        var home = Environment.GetEnvironmentVariable("ENGINE_HOME");
        return string.IsNullOrEmpty(home) ? Path.Combine(RepositoryRoot(projectDirectory), ".engine") : home;
    }
}
