using System.Globalization;
using Engine.Orchestration.Freshness;

namespace Engine.Cli.Output;

/// <summary><c>engine source freshness</c> and <c>engine freshness</c>: one line per asset, dbt-like, then a count per status.</summary>
public static class FreshnessOutput
{
    /// <param name="sourcesJson">Where sources.json was written, when it was.</param>
    public static void Print(TextWriter output, IReadOnlyList<FreshnessResult> results, string? sourcesJson)
    {
        if (results.Count == 0)
        {
            output.WriteLine(sourcesJson is null
                ? "nothing declares freshness (freshness with a loaded_at_field in sources.yml, or a model's freshness config)"
                : "no source declares freshness with a loaded_at_field (sources.yml)");
            return;
        }

        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var status = SourcesJsonWriter.StatusName(r.Status).ToUpperInvariant();
            output.WriteLine($"{i + 1} of {results.Count} {status,-5} freshness of {(r.IsSource || sourcesJson is not null ? string.Empty : "model ")}{r.Name} ... {Detail(r)}");
        }

        output.WriteLine();
        output.WriteLine(string.Join(" ", Enum.GetValues<FreshnessStatus>().Select(s => $"{SourcesJsonWriter.StatusName(s).ToUpperInvariant().Replace(' ', '_')}={results.Count(r => r.Status == s)}"))
            + (sourcesJson is null ? string.Empty : $"  (written to {sourcesJson})"));
    }

    /// <summary>The age of the data and, when not passing, how far past its threshold.</summary>
    public static string Detail(FreshnessResult result)
    {
        if (result.Age is not { } age)
        {
            return result.Error ?? "no data";
        }

        var text = $"{(result.IsSource || result.Criteria.Column is not null ? "newest" : "built")} {result.MaxLoadedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {Span(age)} ago";
        return result.Status == FreshnessStatus.Pass ? text : $"{text}, {Span(result.Overdue)} past {(result.Status == FreshnessStatus.Error ? "error_after" : "warn_after")}";
    }

    public static string Span(TimeSpan span) => span.TotalDays >= 2
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:F1}d")
        : span.TotalHours >= 2
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:F1}h")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:F0}m") : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):F0}s");
}
