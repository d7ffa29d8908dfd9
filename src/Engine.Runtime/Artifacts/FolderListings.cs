using System.IO.Enumeration;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// Whether files exist, answered from one listing of each folder instead of a <c>stat</c> of each file: 13,000
/// compiled files sit in a few dozen folders, and their 13,000 <c>stat</c> calls took most of the tenth of a second an
/// edit compile spent finding them on a slow machine.
/// </summary>
public sealed class FolderListings
{
    // Hidden names and attributes are not asked for: either would cost a stat per entry again.
    private static readonly EnumerationOptions Options = new() { AttributesToSkip = 0 };
    private readonly string _root;
    private readonly Dictionary<string, HashSet<string>?> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>?>.AlternateLookup<ReadOnlySpan<char>> _folderLookup;

    /// <param name="root">The folder relative paths are resolved against.</param>
    public FolderListings(string root)
    {
        _root = root;
        _folderLookup = _folders.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Whether <paramref name="relativePath"/> (with '/' or the platform's separator) names a file, not a folder.</summary>
    public bool HasFile(ReadOnlySpan<char> relativePath)
    {
        var folder = Path.GetDirectoryName(relativePath);
        if (!_folderLookup.TryGetValue(folder, out var names))
        {
            names = List(Path.Combine(_root, folder.ToString()));
            _folderLookup[folder] = names;
        }

        return names is not null && names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(Path.GetFileName(relativePath));
    }

    /// <summary>The folder's file names, or null when it is missing or cannot be read.</summary>
    private static HashSet<string>? List(string folder)
    {
        try
        {
            var files = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.FileName.ToString(), Options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            };
            return new HashSet<string>(files, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // DirectoryNotFoundException is an IOException
        }
    }
}
