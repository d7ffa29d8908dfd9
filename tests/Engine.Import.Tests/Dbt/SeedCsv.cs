namespace Engine.Import.Tests.Dbt;

/// <summary>
/// Reads a fixture's seed CSV directly (these seeds have no quoted fields), so expected results are computed from the
/// data itself and not from the tables the engine loaded.
/// </summary>
public static class SeedCsv
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }
}
