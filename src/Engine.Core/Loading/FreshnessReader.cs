using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>
/// dbt's <c>freshness:</c> block, one reader for sources (<c>warn_after</c>, <c>error_after</c>, <c>filter</c>) and for
/// models, which may also name the <c>column</c> whose newest value measures their age (else their last successful build).
/// </summary>
public static class FreshnessReader
{
    public static IReadOnlyList<string> Periods { get; } = ["minute", "hour", "day"];

    private static readonly string[] SourceKeys = ["warn_after", "error_after", "filter"];
    private static readonly string[] ModelKeys = [.. SourceKeys, "column"];
    private static readonly string[] ThresholdKeys = ["count", "period"];

    /// <summary>The <c>freshness:</c> of a source or source table in sources.yml.</summary>
    public static FreshnessPolicy? ReadSource(YamlMap owner) =>
        owner.Map("freshness", "freshness", SourceKeys) is { } f ? Read(f, column: false) : null;

    /// <summary>A model's <c>freshness</c> config (model YAML, folder <c>+freshness</c>, or a template's <c>config</c>).</summary>
    public static FreshnessPolicy? ReadModel(ConfigEntry entry, DiagnosticBag bag)
    {
        if (entry.Value is null)
        {
            return null;
        }

        var policy = ConfigEntryMap.Read(entry, bag, ModelKeys, "a mapping with warn_after and/or error_after ({count, period}), and optionally column and filter", f => Read(f, column: true));
        // A template's value has no position of its own: the policy is where its config call is.
        return policy is not null && entry.Node is null ? policy with { Location = entry.Location } : policy;
    }

    private static FreshnessPolicy? Read(YamlMap f, bool column)
    {
        var policy = new FreshnessPolicy(Threshold(f, "warn_after"), Threshold(f, "error_after"), f.String("filter"), f.Location)
        {
            Column = column ? f.String("column") : null,
        };
        if (column && policy.WarnAfter is null && policy.ErrorAfter is null && !f.Has("warn_after") && !f.Has("error_after") && f.Keys.Any())
        {
            f.Bag.Error(DiagnosticCodes.MissingKey, "'freshness' needs 'warn_after' or 'error_after' ({count, period})", f.Location);
        }

        return policy;
    }

    private static FreshnessThreshold? Threshold(YamlMap freshness, string key)
    {
        var t = freshness.Map(key, key, ThresholdKeys);
        if (t is null)
        {
            return null;
        }

        var count = t.Int("count");
        var period = t.OneOf("period", Periods);
        if (count is null || period is null)
        {
            if (count is null && !t.Has("count") || period is null && !t.Has("period"))
            {
                freshness.Bag.Error(DiagnosticCodes.MissingKey, $"'{key}' needs 'count' and 'period'", t.Location);
            }

            return null;
        }

        if (count.Value <= 0)
        {
            freshness.Bag.Error(DiagnosticCodes.InvalidValue, $"'count' of '{key}' must be a positive whole number, not {count.Value}", t.At(t.Get("count")!));
            return null;
        }

        return new FreshnessThreshold(count.Value, period);
    }
}
