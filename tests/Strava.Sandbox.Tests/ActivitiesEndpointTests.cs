using System.Net;
using System.Text.Json;

namespace Strava.Sandbox.Tests;

public sealed class ActivitiesEndpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_are_newest_first_at_most_200_and_end_with_an_empty_page()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Now), HistoryDays = 30, ActivitiesPerAthlete = 450 });
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync();
        var ids = new List<long>();
        var starts = new List<DateTimeOffset>();
        var sizes = new List<int>();
        for (var page = 1; ; page++)
        {
            var items = await http.GetJsonAsync($"api/v3/athlete/activities?page={page}&per_page=500", token);
            sizes.Add(items.GetArrayLength());
            if (items.GetArrayLength() == 0)
            {
                break;
            }

            foreach (var item in items.EnumerateArray())
            {
                ids.Add(item.GetProperty("id").GetInt64());
                starts.Add(item.GetProperty("start_date").GetDateTimeOffset());
            }
        }

        var visible = server.Data.Visible(server.Data.Athletes[0].Id, Now).Count;
        Assert.InRange(visible, 401, 600);
        Assert.Equal(visible, ids.Distinct().Count());
        Assert.Equal([.. Enumerable.Repeat(200, visible / 200), visible % 200, 0], sizes);
        Assert.Equal(starts.OrderByDescending(s => s), starts);
        Assert.All(ids, id => Assert.True(id > uint.MaxValue));
    }

    [Fact]
    public async Task Before_and_after_are_exclusive_epoch_second_bounds_and_milliseconds_are_refused()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Now), HistoryDays = 60 });
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync();
        var all = server.Data.Visible(server.Data.Athletes[0].Id, Now);
        var after = all[^5].StartEpoch;
        var before = all[4].StartEpoch;
        var items = await http.GetJsonAsync($"api/v3/athlete/activities?after={after}&before={before}&per_page=200", token);
        var expected = all.Where(a => a.StartEpoch > after && a.StartEpoch < before).Select(a => a.Id).ToArray();
        Assert.Equal(expected, items.EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray());
        Assert.Equal(all.Count - 10, expected.Length);

        using var millis = await http.GetAsync($"api/v3/athlete/activities?after={after * 1000}", token);
        Assert.Equal(HttpStatusCode.BadRequest, millis.StatusCode);
        Assert.Contains("\"code\":\"future\"", await millis.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_have_the_recorded_shapes_and_number_formats()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Now) });
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync(1);
        using var response = await http.GetAsync("api/v3/athlete/activities?per_page=200", token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches("\"utc_offset\":-?\\d+\\.0", text);
        var items = JsonDocument.Parse(text).RootElement.EnumerateArray().ToArray();
        var manual = items.First(i => i.GetProperty("manual").GetBoolean());
        Assert.Equal(0, manual.GetProperty("start_latlng").GetArrayLength());
        Assert.Equal(string.Empty, manual.GetProperty("map").GetProperty("summary_polyline").GetString());
        Assert.Equal(JsonValueKind.Null, manual.GetProperty("upload_id").ValueKind);
        Assert.False(manual.TryGetProperty("upload_id_str", out _));

        var trainer = items.First(i => i.GetProperty("trainer").GetBoolean() && i.GetProperty("sport_type").GetString() == "Ride");
        Assert.Equal(0.0, trainer.GetProperty("total_elevation_gain").GetDouble());

        var outdoor = items.First(i => i.GetProperty("start_latlng").GetArrayLength() == 2);
        Assert.StartsWith("a", outdoor.GetProperty("map").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(outdoor.GetProperty("upload_id").GetInt64() > uint.MaxValue);
        Assert.Equal(outdoor.GetProperty("upload_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), outdoor.GetProperty("upload_id_str").GetString());
    }

    [Fact]
    public async Task Detailed_activity_and_errors_for_others_activities()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Now), HistoryDays = 20 });
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync();
        var own = server.Data.Visible(server.Data.Athletes[0].Id, Now)[0];
        var other = server.Data.Visible(server.Data.Athletes[1].Id, Now)[0];
        var detail = await http.GetJsonAsync($"api/v3/activities/{own.Id}", token);
        Assert.Equal(3, detail.GetProperty("resource_state").GetInt32());
        Assert.True(detail.TryGetProperty("calories", out _));

        using var notFound = await http.GetAsync($"api/v3/activities/{other.Id}", token);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("""{"message":"Resource Not Found","errors":[{"resource":"Activity","field":"","code":"not found"}]}""", await notFound.Content.ReadAsStringAsync());

        using var anonymous = await http.GetAsync("api/v3/athlete", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
