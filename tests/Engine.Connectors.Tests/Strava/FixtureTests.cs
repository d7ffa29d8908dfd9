using System.Globalization;
using System.Text.Json;
using Engine.Connectors.Strava.Staging;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>The recorded Strava responses in Strava/Fixtures parse into the staging types without loss.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FixtureTests(PostgresFixture postgres)
{
    // Recorded public Strava responses, kept in the repository (Fixtures/SOURCE.md names each file's origin and license).
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "Engine.Connectors.Tests", "Strava", "Fixtures");

    /// <summary>Top-level fields kept only in raw: nested objects whose scalar parts have columns, and detail-only lists.</summary>
    private static readonly HashSet<string> RawOnlyActivityFields = ["athlete", "map"];

    private static readonly HashSet<string> RawOnlyAthleteFields = ["clubs", "bikes", "shoes", "friend", "follower"];

    public static TheoryData<string> ActivityFiles => new()
    {
        "responses/athlete_activities.default_page.json",
        "responses/athlete_activities.before_after.json",
        "airbyte/expected_records.jsonl",
    };

    [Theory]
    [MemberData(nameof(ActivityFiles))]
    public void Recorded_activities_parse_into_typed_columns_without_loss(string file)
    {
        var activities = Activities(file);
        Assert.NotEmpty(activities);
        foreach (var activity in activities)
        {
            AssertLossless(StagingTable.Activities, activity, RawOnlyActivityFields);
        }
    }

    [Fact]
    public void The_recorded_athlete_and_detailed_activities_parse_without_loss()
    {
        AssertLossless(StagingTable.Athletes, Load("responses/athlete.detailed.json"), RawOnlyAthleteFields);
        foreach (var file in new[] { "responses/activity.run.detailed.json", "responses/activity.ride.detailed.json" })
        {
            // Detailed activities carry more (laps, splits, segment efforts...): those stay in raw, every summary field is typed.
            var record = StagedRecord.From(StagingTable.Activities, Load(file));
            Assert.True(record.Id > 0);
        }
    }

    [Fact]
    public async Task Recorded_activities_load_into_staging_with_their_raw_json_intact()
    {
        var connectionString = await postgres.CreateDatabaseAsync("fixtures");
        var activities = Activities("responses/athlete_activities.default_page.json")
            .Concat(Activities("airbyte/expected_records.jsonl")).ToArray();
        var records = activities.Select(a => StagedRecord.From(StagingTable.Activities, a)).ToArray();
        await using (var staging = await StagingDatabase.OpenAsync(connectionString, CancellationToken.None))
        {
            await staging.UpsertAthleteAsync(StagedRecord.From(StagingTable.Athletes, Load("responses/athlete.detailed.json")), DateTime.UtcNow, CancellationToken.None);
            var load = await staging.CommitPageAsync(26462176, records, null, DateTime.UtcNow, CancellationToken.None);
            Assert.Equal(records.Length, load.Inserted);
            var again = await staging.CommitPageAsync(26462176, records, null, DateTime.UtcNow, CancellationToken.None);
            Assert.Equal(records.Length, again.Unchanged);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (activity, record) in activities.Zip(records))
        {
            await using var command = new NpgsqlCommand("SELECT raw = $2::jsonb, utc_offset, start_latlng::text, start_date_local::text FROM public.activities WHERE id = $1", connection);
            command.Parameters.AddWithValue(record.Id);
            command.Parameters.AddWithValue(activity.GetRawText());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), $"raw of {record.Id} differs");
            Assert.Equal(activity.GetProperty("utc_offset").GetDouble(), reader.GetDouble(1));
            Assert.Equal(activity.GetProperty("start_latlng").GetArrayLength() == 0 ? "[]" : activity.GetProperty("start_latlng").GetRawText().Replace(",", ", ", StringComparison.Ordinal), reader.GetString(2));
            Assert.Equal(activity.GetProperty("start_date_local").GetString()!.Replace("T", " ", StringComparison.Ordinal).TrimEnd('Z'), reader.GetString(3));
        }

        await using var big = new NpgsqlCommand("SELECT max(id) FROM public.activities", connection);
        Assert.True((long)(await big.ExecuteScalarAsync())! > uint.MaxValue);
    }

    private static void AssertLossless(StagingTable table, JsonElement obj, HashSet<string> rawOnly)
    {
        var record = StagedRecord.From(table, obj);
        Assert.Equal(obj.GetRawText(), record.Raw);
        var roots = table.Columns.Select(c => c.Path.Split('.')[0]).ToHashSet();
        foreach (var property in obj.EnumerateObject())
        {
            Assert.True(roots.Contains(property.Name) || rawOnly.Contains(property.Name), $"field '{property.Name}' has no column and is not documented as raw-only");
        }

        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            if (column.Derived)
            {
                // Not a copy of the field: the geocoder's own tests check what it computes.
                continue;
            }

            var json = JsonRead.Field(obj, column.Path);
            var value = record.Values[i];
            if (json is null)
            {
                Assert.Null(value);
                continue;
            }

            Assert.True(value is not null, $"{column.Name} = {json.Value.GetRawText()} was lost");
            var e = json.Value;
            object expected = value switch
            {
                long => e.GetDouble() == Math.Floor(e.GetDouble()) ? (object)(long)e.GetDouble() : double.NaN,
                int => e.GetDouble() == Math.Floor(e.GetDouble()) ? (object)(int)e.GetDouble() : double.NaN,
                double => (object)e.GetDouble(),
                bool => (object)e.GetBoolean(),
                DateTime when column.SqlType == "timestamptz" => (object)DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture).UtcDateTime,
                DateTime => (object)DateTime.Parse(e.GetString()!.TrimEnd('Z'), CultureInfo.InvariantCulture),
                string when column.SqlType == "jsonb" => e.GetRawText(),
                _ => e.GetString()!,
            };
            Assert.Equal(expected, value);
        }
    }

    private static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, file))).RootElement;

    private static IReadOnlyList<JsonElement> Activities(string file) => file.EndsWith(".jsonl", StringComparison.Ordinal)
        ? [.. File.ReadLines(Path.Combine(Fixtures, file))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(r => r.GetProperty("stream").GetString() == "activities")
            .Select(r => r.GetProperty("data"))]
        : [.. Load(file).EnumerateArray()];
}
