using System.Net;
using System.Text.Json;

namespace Strava.Sandbox.Tests;

public sealed class OAuthTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_invalidates_the_old_one()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Noon), HistoryDays = 10 });
        using var http = new SandboxHttp(server);
        var initial = server.Data.Athletes[0].InitialRefreshToken;

        var first = await http.RefreshAsync(initial);
        var rotated = first.GetProperty("refresh_token").GetString();
        Assert.NotEqual(initial, rotated);
        Assert.Equal("Bearer", first.GetProperty("token_type").GetString());
        Assert.Equal(Noon.AddHours(6).ToUnixTimeSeconds(), first.GetProperty("expires_at").GetInt64());

        using var reused = await http.PostTokenAsync(initial);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        var fault = JsonDocument.Parse(await reused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Bad Request", fault.GetProperty("message").GetString());
        Assert.Equal("RefreshToken", fault.GetProperty("errors")[0].GetProperty("resource").GetString());

        // More than an hour left: the same access token comes back, with yet another refresh token.
        var second = await http.RefreshAsync(rotated!);
        Assert.Equal(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
        Assert.NotEqual(rotated, second.GetProperty("refresh_token").GetString());
    }

    [Fact]
    public async Task Access_tokens_expire_and_a_late_refresh_issues_a_new_one()
    {
        var clock = SandboxClock.At(Noon);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock, HistoryDays = 10 });
        using var http = new SandboxHttp(server);
        var grant = await http.RefreshAsync(server.Data.Athletes[0].InitialRefreshToken);
        var access = grant.GetProperty("access_token").GetString()!;
        using (var ok = await http.GetAsync("api/v3/athlete", access))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(5.5));
        var renewed = await http.RefreshAsync(grant.GetProperty("refresh_token").GetString()!);
        Assert.NotEqual(access, renewed.GetProperty("access_token").GetString());

        clock.Advance(TimeSpan.FromHours(1));
        using var expired = await http.GetAsync("api/v3/athlete", access);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        var fault = JsonDocument.Parse(await expired.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Authorization Error", fault.GetProperty("message").GetString());
        Assert.Equal("access_token", fault.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Authorize_redirects_with_a_single_use_code_that_returns_the_athlete()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Noon), HistoryDays = 10 });
        using var http = new SandboxHttp(server);
        using var redirect = await http.Client.GetAsync(
            $"oauth/authorize?client_id={server.Options.ClientId}&redirect_uri=http://127.0.0.1:1/cb&response_type=code&scope=activity:read_all&state=xyz&athlete=bruno");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("xyz", query["state"]);
        Assert.Equal("activity:read_all", query["scope"]);

        var form = new Dictionary<string, string>
        {
            ["client_id"] = server.Options.ClientId,
            ["client_secret"] = server.Options.ClientSecret,
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"]!,
        };
        using var exchanged = await http.Client.PostAsync("oauth/token", new FormUrlEncodedContent(form));
        var body = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(server.Data.Athletes[1].Id, body.GetProperty("athlete").GetProperty("id").GetInt64());

        using var again = await http.Client.PostAsync("oauth/token", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_wrong_client_secret_gets_Stravas_fault()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Clock = SandboxClock.At(Noon), HistoryDays = 10 });
        using var http = new SandboxHttp(server);
        using var response = await http.Client.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = server.Options.ClientId,
            ["client_secret"] = "wrong",
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = server.Data.Athletes[0].InitialRefreshToken,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"message":"Bad Request","errors":[{"resource":"Application","field":"client_id","code":"invalid"}]}""", await response.Content.ReadAsStringAsync());
    }
}
