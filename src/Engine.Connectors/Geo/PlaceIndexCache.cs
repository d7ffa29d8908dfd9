namespace Engine.Connectors.Geo;

/// <summary>
/// The places' binary index kept in a folder (the engine's home, <c>cache/</c>), so that reading the GeoNames text is
/// paid once per machine and dataset instead of once per process: a later extract with new activities to locate
/// reads a few MB in one go. The file is named after the text's digest (XXH3-128) and holds it, so another dataset
/// (a new engine build) misses and writes its own, removing the old one; a file that is torn, damaged or of another
/// format is rebuilt. Writes go to a temporary file moved into place, so a reader never sees half a file; a folder
/// that cannot be written leaves the index uncached.
/// </summary>
internal static class PlaceIndexCache
{
    private const string Prefix = "geonames-";
    private const string Suffix = ".places";

    /// <summary>The index of <paramref name="gzippedText"/>, from the cache when it has a good copy.</summary>
    public static (PlaceIndex Index, bool FromCache) Load(byte[] gzippedText, string? directory)
    {
        if (directory is null || !BitConverter.IsLittleEndian)
        {
            return (PlaceIndex.FromText(new MemoryStream(gzippedText, writable: false)), false);
        }

        var digest = System.IO.Hashing.XxHash128.Hash(gzippedText);
        var path = Path.Combine(directory, Prefix + Convert.ToHexStringLower(digest) + Suffix);
        if (TryReadAll(path) is { } file && PlaceIndex.Read(file, digest) is { } cached)
        {
            return (cached, true);
        }

        var index = PlaceIndex.FromText(new MemoryStream(gzippedText, writable: false));
        TryWrite(index, digest, directory, path);
        return (index, false);
    }

    private static byte[]? TryReadAll(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryWrite(PlaceIndex index, byte[] digest, string directory, string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(directory);
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                index.WriteTo(output, digest);
            }

            File.Move(temporary, path, overwrite: true);
            foreach (var old in Directory.EnumerateFiles(directory, Prefix + "*" + Suffix))
            {
                if (!string.Equals(old, path, StringComparison.Ordinal))
                {
                    File.Delete(old);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the cache is only a shortcut.
            }
        }
    }
}
