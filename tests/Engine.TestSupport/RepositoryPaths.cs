namespace Engine.TestSupport;

/// <summary>Finds the repository from the test binaries, so tests read the real project/ folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Project => Path.Combine(Root, "project");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Strava.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Strava.sln not found above " + AppContext.BaseDirectory);
    }
}
