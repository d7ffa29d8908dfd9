using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>
/// The <c>automation</c> config: <c>eager</c> or <c>on_missing</c> as a word, or <c>{on_cron: '0 6 * * *', timezone: ...}</c>
/// (Dagster's <c>AutomationCondition.on_cron(cron_schedule, cron_timezone)</c>): on_cron needs its cron.
/// </summary>
public static class AutomationReader
{
    public const string Eager = "eager";
    public const string OnCron = "on_cron";
    public const string OnMissing = "on_missing";

    private static readonly string[] CronKeys = [OnCron, "timezone"];

    public static ModelConfig Apply(ModelConfig config, ConfigEntry e, DiagnosticBag bag)
    {
        if (e.Value is IReadOnlyDictionary<string, object?>)
        {
            var cron = ConfigEntryMap.Read(e, bag, CronKeys, "eager, on_missing or {on_cron: '<cron>', timezone: <zone>}", Read);
            return cron is null ? config : config with { Automation = OnCron, AutomationCron = cron };
        }

        var kind = ModelConfigReader.OneOf(e, Materializations.Automations, bag);
        if (kind == OnCron)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, "'automation: on_cron' needs its cron: write automation: {on_cron: '0 6 * * *'} (and optionally timezone: Europe/Amsterdam)", e.Location);
            return config;
        }

        return config with { Automation = kind, AutomationCron = null };
    }

    private static AutomationCron? Read(YamlMap map)
    {
        var text = map.RequiredString(OnCron, "'automation'");
        var zone = TimeZoneReader.Read(map);
        return text is not null && SchedulesReader.ParseCron(text, map, "'automation'", OnCron) is { } cron ? new AutomationCron(text, cron, zone) : null;
    }
}
