namespace Strava.Sandbox.Data;

/// <summary>
/// Stable hashing (SplitMix64) for deterministic demo data: unlike <see cref="HashCode"/>, it gives the same value in
/// every process, so a seed always produces the same athletes, activities and tokens.
/// </summary>
public static class Mix
{
    public static ulong Hash(params ReadOnlySpan<long> parts)
    {
        var h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            h = Step(h ^ (ulong)part);
        }

        return h;
    }

    public static int Seed(params ReadOnlySpan<long> parts) => (int)(Hash(parts) & 0x7FFF_FFFF);

    public static string Hex(params ReadOnlySpan<long> parts) => Hash(parts).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Step(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
