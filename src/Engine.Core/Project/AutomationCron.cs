using Cronos;

namespace Engine.Core.Project;

/// <summary>The cron of <c>automation: {on_cron: '0 6 * * *', timezone: ...}</c>, as Dagster's <c>AutomationCondition.on_cron</c> takes it.</summary>
public sealed record AutomationCron(string Text, CronExpression Cron, TimeZoneInfo TimeZone)
{
    private static readonly TimeSpan[] LookBack = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(366)];

    /// <summary>The newest tick at or before <paramref name="now"/> (within a year), in UTC; null when there is none.</summary>
    public DateTimeOffset? LatestTickAtOrBefore(DateTimeOffset now)
    {
        // Cronos walks forward only: from ever earlier bounds, the last tick not after now (a short walk for any cron).
        foreach (var back in LookBack)
        {
            DateTimeOffset? latest = null;
            var next = Cron.GetNextOccurrence(now - back, TimeZone, inclusive: true);
            while (next is { } tick && tick <= now)
            {
                latest = tick;
                next = Cron.GetNextOccurrence(tick, TimeZone);
            }

            if (latest is not null)
            {
                return latest.Value.ToUniversalTime();
            }
        }

        return null;
    }
}
