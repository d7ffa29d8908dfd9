using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Core.Loading;

/// <summary>Sizes as PostgreSQL writes them: <c>1 GB</c>, <c>512MB</c>, <c>64 kB</c>, or a number of bytes; units are powers of 1024.</summary>
public static partial class ByteSizeParser
{
    public const string Examples = "1 GB, 512 MB or 64 kB";

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        var factor = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "KB" => 1L << 10,
            "MB" => 1L << 20,
            "GB" => 1L << 30,
            "TB" => 1L << 40,
            _ => 1L,
        };
        bytes = (long)(n * factor);
        return true;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT][bB]|[bB])?$")]
    private static partial Regex Pattern();
}
