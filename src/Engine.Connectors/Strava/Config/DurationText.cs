using System.Globalization;

namespace Engine.Connectors.Strava.Config;

/// <summary>Durations written as in sources.yml: <c>7 days</c>, <c>15 minutes</c>, <c>1 hour</c>, <c>30 seconds</c>.</summary>
public static class DurationText
{
    public static bool TryParse(object? value, out TimeSpan duration)
    {
        duration = default;
        var parts = (value as string)?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        TimeSpan? unit = parts[1].TrimEnd('s') switch
        {
            "second" => TimeSpan.FromSeconds(1),
            "minute" => TimeSpan.FromMinutes(1),
            "hour" => TimeSpan.FromHours(1),
            "day" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        duration = unit.Value * count;
        return true;
    }
}
