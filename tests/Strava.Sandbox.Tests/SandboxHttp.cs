using System.Net.Http.Headers;
using System.Text.Json;

namespace Strava.Sandbox.Tests;

/// <summary>A bare HTTP client for the sandbox: token refresh and authenticated GETs, as any Strava client would do them.</summary>
public sealed class SandboxHttp(SandboxServer server) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    public HttpClient Client => _http;

    public async Task<JsonElement> RefreshAsync(string refreshToken)
    {
        using var response = await PostTokenAsync(refreshToken);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public Task<HttpResponseMessage> PostTokenAsync(string refreshToken) =>
        _http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = server.Options.ClientId,
            ["client_secret"] = server.Options.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }));

    public async Task<string> AccessTokenAsync(int athlete = 0) =>
        (await RefreshAsync(server.Tokens.CurrentRefreshToken(server.Data.Athletes[athlete].Id)!)).GetProperty("access_token").GetString()!;

    public async Task<HttpResponseMessage> GetAsync(string path, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await _http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string accessToken)
    {
        using var response = await GetAsync(path, accessToken);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
