using System.Buffers;
using System.Text.Json;
using Strava.Sandbox.Api;
using Strava.Sandbox.Data;

namespace Strava.Sandbox.Tests;

public sealed class DatasetTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        Assert.Equal(Serialize(42), Serialize(42));
        Assert.NotEqual(Serialize(42), Serialize(7));
    }

    [Fact]
    public void Two_years_of_varied_activities_for_two_athletes()
    {
        var data = DemoDataset.Generate(new SandboxOptions { Clock = SandboxClock.At(Now) });
        Assert.Equal(2, data.Athletes.Count);
        var all = data.Athletes.SelectMany(a => data.Visible(a.Id, Now)).ToArray();
        Assert.InRange(all.Length, 1000, 2000);
        Assert.True(all.Min(a => a.StartDate) < Now.AddDays(-700));
        var sports = all.Select(a => a.SportType).ToHashSet();
        Assert.Superset(new HashSet<string> { "Run", "Ride", "Swim", "Walk", "Hike", "Workout", "VirtualRide", "WeightTraining" }, sports);
        Assert.Contains(all, a => a.Trainer && a.TotalElevationGain == 0 && a.Start is null);
        Assert.Contains(all, a => a.Manual && a.UploadId is null && a.SummaryPolyline.Length == 0);
        Assert.All(all.Where(a => a.Sport.Type == "Run" && a.Distance > 0), a => Assert.InRange(a.Distance / a.MovingTime, 2.0, 4.0));

        // Every GPS track starts where start_latlng says, near the city the athlete lived in.
        foreach (var a in all.Where(a => a.Start is not null).Take(200))
        {
            var points = Polyline.Decode(a.SummaryPolyline);
            Assert.Equal(a.Start!.Value.Lat, points[0].Lat, 5);
            Assert.Equal(a.Start.Value.Lng, points[0].Lng, 5);
            Assert.InRange(Math.Abs(points[0].Lat - a.City.Latitude), 0, 1);
        }
    }

    [Fact]
    public void Profiles_and_past_activities_change_as_the_clock_moves()
    {
        var data = DemoDataset.Generate(new SandboxOptions { Clock = SandboxClock.At(Now) });
        foreach (var athlete in data.Athletes)
        {
            var timeline = data.ProfileTimeline(athlete.Id);
            Assert.True(timeline.Count >= 3, $"{athlete.Name} has {timeline.Count} profile versions");
            Assert.True(timeline.Select(v => (v.City, v.Weight, v.Premium)).Distinct().Count() >= 2);
        }

        var edits = data.EditsBetween(Now.AddDays(-30), Now);
        Assert.Contains(edits, e => e.KudosDelta > 0);
        var edit = edits.First(e => e.KudosDelta > 0);
        var before = data.Find(edit.ActivityId, edit.At.AddSeconds(-1))!;
        var after = data.Find(edit.ActivityId, edit.At)!;
        Assert.Equal(before.KudosCount + edit.KudosDelta, after.KudosCount);

        Assert.Contains(data.Athletes, a => data.Visible(a.Id, Now.AddDays(3)).Count > data.Visible(a.Id, Now).Count);
    }

    [Fact]
    public void Polyline_matches_Googles_example()
    {
        const string Encoded = "_p~iF~ps|U_ulLnnqC_mqNvxq`@";
        Assert.Equal(Encoded, Polyline.Encode([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]));
        Assert.Equal((43.252, -126.453), Polyline.Decode(Encoded)[2]);
    }

    private static string Serialize(int seed)
    {
        var data = DemoDataset.Generate(new SandboxOptions { Clock = SandboxClock.At(Now), Seed = seed, HistoryDays = 60 });
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var athlete in data.Athletes)
            {
                StravaJson.Athlete(json, athlete, data.Profile(athlete.Id, Now), detailed: true);
                foreach (var activity in data.Visible(athlete.Id, Now))
                {
                    StravaJson.SummaryActivity(json, activity);
                }
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + data.Athletes[0].InitialRefreshToken;
    }
}
