using System.Globalization;
using Engine.Connectors.Geo;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The dwh tables computed from the dataset in plain C#, following the data contract (issue6-spec) and never the
/// models' SQL: what the warehouse must hold after a run.
/// </summary>
/// <param name="changeLog">Every state of every athlete in the order CDC saw them, with when each was committed.</param>
/// <param name="activities">The non-deleted activities staging holds.</param>
public sealed class ExpectedWarehouse(IReadOnlyList<(DatasetAthlete Row, Between CommittedAt)> changeLog, IReadOnlyList<DatasetActivity> activities)
{
    private static readonly DateTime BeginningOfTime = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public IReadOnlyList<AthleteVersion> Versions { get; } = BuildVersions(changeLog);

    public AthleteVersion VersionAt(long athleteId, DateTime instant) =>
        Versions.Single(v => v.Row.Id == athleteId && v.ValidAt(instant));

    public List<Dictionary<string, object?>> DimAthlete() => [.. Versions.Select(v => new Dictionary<string, object?>
    {
        ["athlete_key"] = v.Key,
        ["athlete_id"] = v.Row.Id,
        ["version"] = v.Version,
        ["first_name"] = Clean(v.Row.Firstname),
        ["last_name"] = Clean(v.Row.Lastname),
        ["full_name"] = FullName(v.Row.Firstname, v.Row.Lastname),
        ["city"] = Clean(v.Row.City),
        ["state"] = Clean(v.Row.State),
        ["country"] = Clean(v.Row.Country),
        ["sex"] = Sex(v.Row.Sex),
        ["has_premium_subscription"] = v.Row.Premium,
        ["summit_subscription"] = v.Row.Summit,
        ["weight_kg"] = v.Row.Weight,
        ["created_at"] = v.Row.CreatedAt,
        ["updated_at"] = v.Row.UpdatedAt,
        ["valid_from"] = v.ValidFrom,
        ["valid_to"] = v.ValidTo,
        ["is_current"] = v.ValidTo is null,
        ["changed_at"] = v.ChangedAt,
    })];

    public List<Dictionary<string, object?>> DimActivity() => [.. activities
        .Select(ActivityType).OfType<string>().Distinct(StringComparer.Ordinal)
        .Select(t => new Dictionary<string, object?> { ["activity_type_id"] = SurrogateKey.Of(t), ["activity_type"] = t })];

    public List<Dictionary<string, object?>> DimLocation() => [.. activities
        .Select(Location)
        .Concat(Versions.Select(v => (City: Clean(v.Row.City), State: Clean(v.Row.State), Country: Clean(v.Row.Country))))
        .Where(l => l.City is not null || l.State is not null || l.Country is not null)
        .Distinct()
        .Select(l => new Dictionary<string, object?>
        {
            ["location_key"] = SurrogateKey.Of(l.City, l.State, l.Country),
            ["city"] = l.City,
            ["state"] = l.State,
            ["country"] = l.Country,
        })];

    /// <summary>One row per activity; <paramref name="extractedAt"/> and <paramref name="loadedAt"/> give the windows of its commit and of the run that wrote it.</summary>
    public List<Dictionary<string, object?>> FactActivity(Func<DatasetActivity, Between> extractedAt, Func<DatasetActivity, Between> loadedAt) => [.. activities.Select(a =>
    {
        var type = ActivityType(a);
        return new Dictionary<string, object?>
        {
            ["activity_key"] = SurrogateKey.Of(a.Id),
            ["activity_id"] = a.Id,
            ["athlete_id"] = a.AthleteId,
            ["athlete_key"] = VersionAt(a.AthleteId, a.StartDate).Key,
            ["date_key"] = DateKey(a.StartDate),
            ["location_key"] = LocationKey(a),
            ["activity_type_id"] = type is null ? null : SurrogateKey.Of(type),
            ["activity_name"] = Clean(a.Name),
            ["activity_type"] = type,
            ["started_at"] = a.StartDate,
            ["started_at_local"] = a.StartDateLocal,
            ["is_manual_input"] = a.Manual,
            ["is_commute"] = a.Commute,
            ["is_indoor_trainer"] = a.Trainer,
            ["distance_m"] = a.Distance,
            ["moving_time_s"] = a.MovingTime,
            ["elapsed_time_s"] = a.ElapsedTime,
            ["elevation_gain_m"] = a.Elevation,
            ["avg_speed_ms"] = a.AverageSpeed,
            ["max_speed_ms"] = a.MaxSpeed,
            ["highest_elevation"] = a.ElevHigh,
            ["lowest_elevation"] = a.ElevLow,
            ["start_latitude"] = a.StartLatLng?[0],
            ["start_longitude"] = a.StartLatLng?[1],
            ["end_latitude"] = a.EndLatLng?[0],
            ["end_longitude"] = a.EndLatLng?[1],
            ["upload_id"] = a.UploadId,
            ["external_id"] = a.ExternalId,
            ["kudos_count"] = a.Kudos,
            ["extracted_at"] = extractedAt(a),
            ["loaded_at"] = loadedAt(a),
        };
    })];

    public List<Dictionary<string, object?>> MonthlySnapshot()
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var athlete in activities.GroupBy(a => a.AthleteId))
        {
            var months = athlete
                .GroupBy(a => new DateOnly(a.StartDate.Year, a.StartDate.Month, 1))
                .OrderBy(g => g.Key)
                .Select(g => (Start: g.Key, Count: g.LongCount(), Distance: g.Sum(a => a.Distance), Elevation: g.Sum(a => a.Elevation)))
                .ToList();
            var running = 0.0;
            for (var i = 0; i < months.Count; i++)
            {
                var month = months[i];
                running += month.Distance;
                var window = months.Skip(Math.Max(0, i - 2)).Take(Math.Min(3, i + 1)).ToList();
                var nextMonth = month.Start.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var version = Versions.Single(v => v.Row.Id == athlete.Key && v.ValidFrom < nextMonth && (v.ValidTo is null || v.ValidTo >= nextMonth));
                var dim = DimAthlete().Single(r => (string)r["athlete_key"]! == version.Key);
                rows.Add(new Dictionary<string, object?>
                {
                    ["monthly_key"] = SurrogateKey.Of(athlete.Key, month.Start),
                    ["athlete_id"] = athlete.Key,
                    ["month_start_date"] = month.Start,
                    ["month_end_date"] = month.Start.AddMonths(1).AddDays(-1),
                    ["total_activities"] = month.Count,
                    ["total_distance_m"] = month.Distance,
                    ["total_elevation_gain_m"] = month.Elevation,
                    ["running_total_distance_m"] = running,
                    ["distance_rank"] = 1 + months.Count(m => m.Distance > month.Distance),
                    ["moving_avg_3m_distance_m"] = window.Average(m => m.Distance),
                    ["athlete_key"] = version.Key,
                    ["first_name"] = dim["first_name"],
                    ["last_name"] = dim["last_name"],
                    ["full_name"] = dim["full_name"],
                    ["city"] = dim["city"],
                    ["state"] = dim["state"],
                    ["country"] = dim["country"],
                    ["sex"] = dim["sex"],
                    ["weight_kg"] = dim["weight_kg"],
                });
            }
        }

        return rows;
    }

    /// <summary>bi_analysis: the fact's keys with the attributes of the dimensions its keys point at.</summary>
    public List<Dictionary<string, object?>> BiAnalysis() => [.. activities.Select(a =>
    {
        var version = VersionAt(a.AthleteId, a.StartDate);
        var day = DateOnly.FromDateTime(a.StartDate);
        var location = Location(a);
        return new Dictionary<string, object?>
        {
            ["activity_id"] = a.Id,
            ["athlete_key"] = version.Key,
            ["distance_m"] = a.Distance,
            ["activity_city"] = location.City,
            ["activity_state"] = location.State,
            ["activity_country"] = location.Country,
            ["athlete_full_name"] = FullName(version.Row.Firstname, version.Row.Lastname),
            ["athlete_city"] = Clean(version.Row.City),
            ["athlete_state"] = Clean(version.Row.State),
            ["athlete_country"] = Clean(version.Row.Country),
            ["athlete_sex"] = Sex(version.Row.Sex),
            ["athlete_weight_kg"] = version.Row.Weight,
            ["athlete_has_premium_subscription"] = version.Row.Premium,
            ["year"] = day.Year,
            ["month"] = day.Month,
            ["month_name"] = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(day.Month),
            ["day_of_week"] = IsoDayOfWeek(day),
            ["is_weekend"] = IsoDayOfWeek(day) >= 6,
        };
    })];

    /// <summary>fact_activity_route: one row per activity with a GPS track (a non-empty summary_polyline).</summary>
    public List<Dictionary<string, object?>> Route() => [.. activities.Where(a => a.Gps).Select(a => new Dictionary<string, object?>
    {
        ["activity_id"] = a.Id,
        ["athlete_id"] = a.AthleteId,
        ["activity_type"] = ActivityType(a),
        ["started_at"] = a.StartDate,
        ["distance_m"] = a.Distance,
    })];

    /// <summary>dim_date's row for one day.</summary>
    public static Dictionary<string, object?> DateRow(DateOnly day) => new()
    {
        ["date_key"] = DateKey(day.ToDateTime(TimeOnly.MinValue)),
        ["date_day"] = day,
        ["month_start_date"] = new DateOnly(day.Year, day.Month, 1),
        ["month_end_date"] = new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1),
        ["year"] = day.Year,
        ["quarter"] = ((day.Month - 1) / 3) + 1,
        ["month"] = day.Month,
        ["month_name"] = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(day.Month),
        ["week"] = ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)),
        ["day_of_week"] = IsoDayOfWeek(day),
        ["is_weekend"] = IsoDayOfWeek(day) >= 6,
    };

    /// <summary>nullif(lower(trim(x)), ''): PostgreSQL's trim() removes spaces only.</summary>
    public static string? Clean(string? text) => text?.Trim(' ').ToLowerInvariant() is { Length: > 0 } cleaned ? cleaned : null;

    /// <summary>The cleaned first and last names joined by one space; either alone when the other is missing.</summary>
    private static string? FullName(string? first, string? last) =>
        string.Join(' ', new[] { Clean(first), Clean(last) }.OfType<string>()) is { Length: > 0 } name ? name : null;

    private static string? Sex(string? sex) => sex?.Trim(' ').ToUpperInvariant() is { Length: > 0 } s ? s : null;

    private static string? ActivityType(DatasetActivity a) => (a.SportType ?? a.Type)?.ToLowerInvariant();

    private static int DateKey(DateTime utc) => (utc.Year * 10000) + (utc.Month * 100) + utc.Day;

    private static int IsoDayOfWeek(DateOnly day) => day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;

    private static string? LocationKey(DatasetActivity a)
    {
        var (city, state, country) = Location(a);
        return city is null && state is null && country is null ? null : SurrogateKey.Of(city, state, country);
    }

    /// <summary>
    /// Strava's own location when it sent any part of it, else the GeoNames place nearest the start that the extractor
    /// staged (the geocoder is an input here, tested on its own, not the models' SQL).
    /// </summary>
    private static (string? City, string? State, string? Country) Location(DatasetActivity a)
    {
        var strava = (City: Clean(a.City), State: Clean(a.State), Country: Clean(a.Country));
        if (strava is not (null, null, null) || a.StartLatLng is not { } start)
        {
            return strava;
        }

        return ReverseGeocoder.Shared.Locate(start[0], start[1]) is { } place ? (Clean(place.City), Clean(place.Region), Clean(place.Country)) : (null, null, null);
    }

    private static List<AthleteVersion> BuildVersions(IReadOnlyList<(DatasetAthlete Row, Between CommittedAt)> changeLog)
    {
        var versions = new List<AthleteVersion>();
        foreach (var athlete in changeLog.GroupBy(c => c.Row.Id))
        {
            // Rows that repeat the previous row's cleaned profile are not profile changes.
            var kept = athlete.Where((change, i) => i == 0 || Profile(change.Row) != Profile(athlete.ElementAt(i - 1).Row)).ToList();
            var startsAt = new List<DateTime>();
            foreach (var change in kept)
            {
                var changeTime = change.Row.UpdatedAt;
                startsAt.Add(startsAt.Count == 0 || changeTime > startsAt[^1] ? changeTime : startsAt[^1]);
            }

            for (var i = 0; i < kept.Count; i++)
            {
                versions.Add(new AthleteVersion(
                    kept[i].Row,
                    i + 1,
                    i == 0 ? BeginningOfTime : startsAt[i],
                    i + 1 < kept.Count ? startsAt[i + 1] : null,
                    kept[i].CommittedAt));
            }
        }

        return versions;
    }

    private static (string?, string?, string?, string?, string?, string?, bool, bool, double?) Profile(DatasetAthlete a) =>
        (Clean(a.Firstname), Clean(a.Lastname), Clean(a.City), Clean(a.State), Clean(a.Country), Sex(a.Sex), a.Premium, a.Summit, a.Weight);
}
