using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>A <c>timezone:</c> key: an IANA name (<c>Europe/Amsterdam</c>), UTC when absent.</summary>
public static class TimeZoneReader
{
    public static TimeZoneInfo Read(YamlMap map, string key = "timezone")
    {
        var name = map.String(key);
        if (name is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }

        map.Bag.Error(DiagnosticCodes.TimeZoneUnknown, $"unknown time zone '{name}'; use an IANA name such as UTC or Europe/Amsterdam", map.At(map.Get(key)!));
        return TimeZoneInfo.Utc;
    }
}
