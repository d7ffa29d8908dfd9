using System.Net;
using System.Text.Json;

namespace Strava.Sandbox.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Each_fault_knob_affects_exactly_the_requested_number_of_requests()
    {
        var options = new SandboxOptions { Clock = SandboxClock.At(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero)), HistoryDays = 30 };
        await using var server = await SandboxServer.StartAsync(options);
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync();
        const string Path = "api/v3/athlete/activities?per_page=200";

        server.Faults.ServerErrorBurst(2);
        Assert.True((int)(await http.GetAsync(Path, token)).StatusCode >= 500);
        Assert.True((int)(await http.GetAsync(Path, token)).StatusCode >= 500);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Path, token)).StatusCode);

        server.Faults.MalformedResponses(1);
        using (var malformed = await http.GetAsync(Path, token))
        {
            Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformed.Content.ReadAsStringAsync().Result));
        }

        server.Faults.TruncatedResponses(1);
        using (var truncated = await http.GetAsync(Path, token))
        {
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncated.Content.ReadAsStringAsync().Result));
        }

        server.Faults.RejectValidTokens(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(Path, token)).StatusCode);

        // Far longer than the client's timeout, so a stalled timer on a loaded machine still fires first; the server stops
        // waiting when the client gives up.
        server.Faults.SlowDelay = TimeSpan.FromSeconds(30);
        server.Faults.SlowResponses(1);
        using var impatient = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(100) };
        using var slow = new HttpRequestMessage(HttpMethod.Get, Path);
        slow.Headers.Authorization = new("Bearer", token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.SendAsync(slow));

        var parsed = await new SandboxHttp(server).GetJsonAsync(Path, token);
        Assert.True(parsed.GetArrayLength() > 0);
    }
}
