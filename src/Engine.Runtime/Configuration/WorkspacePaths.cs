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
}
