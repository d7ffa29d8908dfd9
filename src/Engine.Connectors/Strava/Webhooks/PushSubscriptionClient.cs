using System.Globalization;
using System.Text.Json;
using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Config;
using Engine.Core.Diagnostics;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// Strava's push subscription API (<c>/api/v3/push_subscriptions</c>, authenticated by the application's client id and
/// secret): one subscription per application. Creating one makes Strava call the callback's validation GET first,
/// so the receiver must already be listening.
/// </summary>
public sealed class PushSubscriptionClient(StravaCredentials credentials) : IDisposable
{
    private readonly HttpClient _http = Client(credentials.BaseAddress);

    public sealed record Subscription(long Id, string CallbackUrl);

    public async Task<Subscription> CreateAsync(Uri callback, string verifyToken, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("api/v3/push_subscriptions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["callback_url"] = callback.ToString(),
            ["verify_token"] = verifyToken,
        }), cancellationToken).ConfigureAwait(false);
        using var json = await ReadAsync(response, "create the push subscription", cancellationToken).ConfigureAwait(false);
        return Read(json.RootElement);
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v3/push_subscriptions?{Query()}", cancellationToken).ConfigureAwait(false);
        using var json = await ReadAsync(response, "list the push subscriptions", cancellationToken).ConfigureAwait(false);
        return [.. json.RootElement.EnumerateArray().Select(Read)];
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"api/v3/push_subscriptions/{id.ToString(CultureInfo.InvariantCulture)}?{Query()}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure("delete the push subscription", response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Client(Uri baseAddress)
    {
        StravaApiClient.RequireSecureTransport(baseAddress);
        return new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private string Query() =>
        $"client_id={Uri.EscapeDataString(credentials.ClientId)}&client_secret={Uri.EscapeDataString(credentials.ClientSecret)}";

    private static Subscription Read(JsonElement e) =>
        new(e.GetProperty("id").GetInt64(), e.TryGetProperty("callback_url", out var url) ? url.GetString() ?? string.Empty : string.Empty);

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(what, response, body);
        }

        return JsonDocument.Parse(body);
    }

    /// <summary>Strava's fault body is quoted; the request's secret never is (it is in the form or query, not the answer).</summary>
    private static StravaExtractException Failure(string what, HttpResponseMessage response, string body) =>
        new(DiagnosticCodes.StravaRequestFailed, $"could not {what}: Strava answered {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}")
        { HttpStatus = (int)response.StatusCode };
}
