using Engine.TestSupport;

namespace Engine.Cli.Tests.Build;

/// <summary>
/// A throwaway project folder the test writes file by file, run with the engine on a test class's
/// <see cref="ShowcaseHome"/> (so on its managed cluster), with a database name of its own that the test's targets name.
/// </summary>
public sealed class ScratchProject(ShowcaseHome home, string prefix) : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"engine-{prefix}-" + Guid.NewGuid().ToString("N"));

    public string Database { get; } = $"{prefix}_" + Guid.NewGuid().ToString("N")[..12];

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Runs the engine on the project (<c>--project-dir</c> added) until it exits.</summary>
    public EngineResult Engine(params string[] args) => EngineProcess.Run(Root, home.Environment, [.. args, "--project-dir", Root]);

    /// <summary>Every row <paramref name="sql"/> returns from <see cref="Database"/>, its columns joined by <c>|</c>, in order.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        return await Sql.RowsAsync(instance.ConnectionString(Database), sql);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
