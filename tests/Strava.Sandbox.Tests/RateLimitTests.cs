using System.Net;

namespace Strava.Sandbox.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_15_minute_window_rejects_with_429_and_resets_on_the_quarter_hour()
    {
        var clock = SandboxClock.At(new DateTimeOffset(2026, 3, 10, 12, 13, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock, HistoryDays = 10, ReadLimit15Min = 3, ReadLimitDaily = 5 });
        using var http = new SandboxHttp(server);
        var token = await http.AccessTokenAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var ok = await http.GetAsync("api/v3/athlete", token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal($"{i},{i}", ok.Headers.GetValues("x-readratelimit-usage").Single());
            Assert.Equal("3,5", ok.Headers.GetValues("X-ReadRateLimit-Limit").Single());
        }

        using (var rejected = await http.GetAsync("api/v3/athlete", token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            Assert.Equal("""{"message":"Rate Limit Exceeded","errors":[{"resource":"Application","field":"rate limit","code":"exceeded"}]}""", await rejected.Content.ReadAsStringAsync());
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        using (var next = await http.GetAsync("api/v3/athlete", token))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal("1,5", next.Headers.GetValues("X-Ratelimit-Usage").Single());
        }

        // The rejected request counted toward the day: the daily limit of 5 is now reached.
        using (var daily = await http.GetAsync("api/v3/athlete", token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, daily.StatusCode);
        }

        clock.Set(new DateTimeOffset(2026, 3, 11, 0, 0, 1, TimeSpan.Zero));
        var fresh = await http.AccessTokenAsync();
        using var tomorrow = await http.GetAsync("api/v3/athlete", fresh);
        Assert.Equal(HttpStatusCode.OK, tomorrow.StatusCode);
        Assert.Equal(2, server.RateLimits.Rejected);
        Assert.Equal(clock.GetUtcNow().ToString("R"), tomorrow.Headers.Date!.Value.ToString("R"));
    }
}
