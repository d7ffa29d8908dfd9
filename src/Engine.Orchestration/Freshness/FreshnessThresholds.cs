using Engine.Core.Project;

namespace Engine.Orchestration.Freshness;

/// <summary>dbt's <c>{count, period}</c> thresholds as durations, and the status an age gets against them.</summary>
public static class FreshnessThresholds
{
    public static TimeSpan Duration(FreshnessThreshold threshold) => threshold.Period switch
    {
        "minute" => TimeSpan.FromMinutes(threshold.Count),
        "hour" => TimeSpan.FromHours(threshold.Count),
        _ => TimeSpan.FromDays(threshold.Count),
    };

    /// <summary>Error past <c>error_after</c>, else warn past <c>warn_after</c>, else pass; with how far past.</summary>
    public static (FreshnessStatus Status, TimeSpan Overdue) Judge(FreshnessPolicy policy, TimeSpan age)
    {
        if (policy.ErrorAfter is { } error && age > Duration(error))
        {
            return (FreshnessStatus.Error, age - Duration(error));
        }

        if (policy.WarnAfter is { } warn && age > Duration(warn))
        {
            return (FreshnessStatus.Warn, age - Duration(warn));
        }

        return (FreshnessStatus.Pass, TimeSpan.Zero);
    }

    public static string Describe(FreshnessThreshold threshold) => $"{threshold.Count} {threshold.Period}{(threshold.Count == 1 ? string.Empty : "s")}";
}
