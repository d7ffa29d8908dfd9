using System.Globalization;
using System.Text.Json;
using Engine.Orchestration.Freshness;
using Engine.Runtime.Artifacts;

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

    /// <summary>
    /// <c>engine freshness --output json</c>: every asset's result, named as in <c>target/sources.json</c> where the two
    /// share a field (<c>unique_id</c>, <c>status</c>, <c>max_loaded_at</c>, <c>criteria</c>), models included.
    /// </summary>
    public static void PrintJson(Stream output, IReadOnlyList<FreshnessResult> results)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (var r in results)
        {
            json.WriteStartObject();
            json.WriteString("unique_id", r.UniqueId);
            json.WriteString("name", r.Name);
            json.WriteString("resource_type", r.IsSource ? "source" : "model");
            json.WriteString("relation", r.Relation);
            json.WriteString("status", SourcesJsonWriter.StatusName(r.Status));
            if (r.MaxLoadedAt is { } max)
            {
                json.WriteString("max_loaded_at", max);
                json.WriteNumber("max_loaded_at_time_ago_in_s", Math.Round(r.Age!.Value.TotalSeconds, 3));
            }
            else
            {
                json.WriteNull("max_loaded_at");
                json.WriteNull("max_loaded_at_time_ago_in_s");
            }

            json.WriteString("snapshotted_at", r.SnapshottedAt);
            json.WriteNumber("overdue_s", Math.Round(r.Overdue.TotalSeconds, 3));
            ArtifactJson.WriteFreshness(json, "criteria", r.Criteria);
            json.WriteString("error", r.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
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
