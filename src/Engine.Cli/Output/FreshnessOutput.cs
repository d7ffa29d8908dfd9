using System.Globalization;
using Engine.Orchestration.Freshness;

namespace Engine.Cli.Output;

/// <summary><c>engine source freshness</c>: one line per source table, dbt-like, then a count per status.</summary>
public static class FreshnessOutput
{
    public static void Print(TextWriter output, IReadOnlyList<SourceFreshnessResult> results, string sourcesJson)
    {
        if (results.Count == 0)
        {
            output.WriteLine("no source declares freshness with a loaded_at_field (sources.yml)");
            return;
        }

        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var status = SourcesJsonWriter.StatusName(r.Status).ToUpperInvariant();
            output.WriteLine($"{i + 1} of {results.Count} {status,-5} freshness of {SourceName(r.UniqueId)} ... {Detail(r)}");
        }

        output.WriteLine();
        output.WriteLine(string.Join(" ", Enum.GetValues<FreshnessStatus>().Select(s => $"{SourcesJsonWriter.StatusName(s).ToUpperInvariant().Replace(' ', '_')}={results.Count(r => r.Status == s)}")) + $"  (written to {sourcesJson})");
    }

    /// <summary><c>source.project.strava.activities</c> as <c>source()</c> names it: <c>strava.activities</c>.</summary>
    public static string SourceName(string uniqueId) => string.Join('.', uniqueId.Split('.').Skip(2));

    /// <summary>The age of the data and, when not passing, how far past its threshold.</summary>
    public static string Detail(SourceFreshnessResult result)
    {
        if (result.Age is not { } age)
        {
            return result.Error ?? "no data";
        }

        var text = $"newest {result.MaxLoadedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {Span(age)} ago";
        return result.Status == FreshnessStatus.Pass ? text : $"{text}, {Span(result.Overdue)} past {(result.Status == FreshnessStatus.Error ? "error_after" : "warn_after")}";
    }

    public static string Span(TimeSpan span) => span.TotalDays >= 2
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:F1}d")
        : span.TotalHours >= 2
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:F1}h")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:F0}m") : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):F0}s");
}
