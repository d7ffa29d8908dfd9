namespace Engine.Import.Dbt;

/// <summary>The new project's directory: writes files (LF line ends, UTF-8) and counts them per kind.</summary>
public sealed class OutputProject(string root)
{
    public string Root { get; } = root;

    public SortedDictionary<string, int> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>Folders under models/ that hold a file, for the folder configs of pipeline.yml.</summary>
    public HashSet<string> ModelFolders { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SeedFolders { get; } = new(StringComparer.Ordinal);

    public void Write(string relative, string content, string kind)
    {
        relative = relative.Replace('\\', '/');
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        Written[kind] = Written.GetValueOrDefault(kind) + 1;
        Remember(relative, "models/", ModelFolders);
        Remember(relative, "seeds/", SeedFolders);
    }

    public void Copy(string source, string relative, string kind)
    {
        relative = relative.Replace('\\', '/');
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path);
        Written[kind] = Written.GetValueOrDefault(kind) + 1;
        Remember(relative, "seeds/", SeedFolders);
    }

    private static void Remember(string relative, string prefix, HashSet<string> folders)
    {
        if (!relative.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(relative[prefix.Length..])?.Replace('\\', '/') ?? string.Empty;
        while (folder.Length > 0)
        {
            folders.Add(folder);
            folder = Path.GetDirectoryName(folder)?.Replace('\\', '/') ?? string.Empty;
        }
    }
}
