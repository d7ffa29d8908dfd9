namespace Engine.Core.Tests.Support;

/// <summary>
/// A throwaway project directory under the system temp folder, written from relative path → content.
/// Each test gets its own directory so tests can run in parallel; disposing deletes it.
/// </summary>
public sealed class TempProject : IDisposable
{
    /// <summary>The smallest valid pipeline.yml; written when the files do not bring their own.</summary>
    public const string DefaultPipeline = "name: t\n";

    public TempProject(IReadOnlyDictionary<string, string> files)
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (!files.ContainsKey("pipeline.yml"))
        {
            Write("pipeline.yml", DefaultPipeline);
        }

        foreach (var (relative, content) in files)
        {
            Write(relative, content);
        }
    }

    /// <summary>The absolute project directory, as the loader reports it in diagnostics.</summary>
    public string Root { get; }

    /// <summary>The absolute path of a project file, for comparing with <c>Diagnostic.Location.FilePath</c>.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test over it would hide the real result.
        }
    }
}
