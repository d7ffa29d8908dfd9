using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Core.Loading;

/// <summary>
/// The one duration syntax of the project files (freshness aside, which keeps dbt's <c>{count, period}</c>): a number
/// and a unit without a space, <c>500ms</c>, <c>10s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>. The spelled-out form of
/// earlier versions (<c>7 days</c>, <c>15 minutes</c>) is still read, so existing projects keep loading.
/// </summary>
public static partial class DurationParser
{
    /// <summary>Examples for error messages, in the canonical syntax.</summary>
    public const string Examples = "500ms, 10s, 15m, 1h or 7d";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        TimeSpan? unit = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" or "millisecond" or "milliseconds" => TimeSpan.FromMilliseconds(1),
            "s" or "second" or "seconds" => TimeSpan.FromSeconds(1),
            "m" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
            "h" or "hour" or "hours" => TimeSpan.FromHours(1),
            "d" or "day" or "days" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is null || n * unit.Value.TotalMilliseconds > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        duration = unit.Value * n;
        return true;
    }

    /// <summary>Canonical: digits and a unit letter together; compatible: digits, one space, the unit spelled out.</summary>
    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)((?<unit>ms|s|m|h|d)| (?<unit>[a-zA-Z]+))$")]
    private static partial Regex Pattern();
}
