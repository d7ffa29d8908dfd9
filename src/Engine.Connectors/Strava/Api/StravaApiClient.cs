using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Engine.Core.Diagnostics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Engine.Connectors.Strava.Api;

/// <summary>
/// Strava's OAuth and API over HTTPS (plain http only to a loopback sandbox). Every request is paced by the
/// <see cref="RateLimitBudget"/>, retried with jittered exponential backoff on 5xx, timeouts, broken connections
/// and unreadable JSON (Polly), and re-authorised once on an unexpected 401. Certificate validation is the
/// platform's, always on.
/// </summary>
public sealed class StravaApiClient : IDisposable
{
    private const int MaxConsecutive429 = 3;
    private readonly HttpClient _http;
    private readonly StravaClientOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly AsyncLocal<RequestTally?> _tally = new();
    private int _requests;
    private int _reads;

    public StravaApiClient(StravaClientOptions options)
    {
        RequireSecureTransport(options.BaseAddress);
        _options = options;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
        {
            BaseAddress = options.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("engine-strava-extract", "1.0"));
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TransientStravaException>()
                    .Handle<IOException>(),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    options.Notice?.Invoke($"retry {args.AttemptNumber + 1}/{options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.#}s after: {args.Outcome.Exception?.Message}");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>HTTP requests sent so far, retries included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// API requests sent so far (GETs under <c>api/v3/</c>, retries included): what Strava counts against the read limit.
    /// Token requests are not among them: they go to <c>oauth/token</c>, outside the API, and Strava's answers to them
    /// carry no rate-limit headers.
    /// </summary>
    public int Reads => Volatile.Read(ref _reads);

    public RateLimitBudget Budget { get; } = new();

    /// <summary>
    /// Counts the requests sent from here on by the calling flow (and the tasks it starts) in a new tally. Called at
    /// the start of an async method, the tally stays with that method's flow and does not leak to its caller.
    /// </summary>
    public RequestTally StartTally() => _tally.Value = new RequestTally();

    /// <summary>Strava refuses plain http; so does this client, except to a sandbox on this machine.</summary>
    public static void RequireSecureTransport(Uri address)
    {
        var loopback = address.IsLoopback || (IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && loopback))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaInsecureUrl,
                $"Strava base URL '{address.GetLeftPart(UriPartial.Authority)}' must use https (plain http is allowed only to a loopback sandbox)");
        }
    }

    public Task<TokenGrant> RefreshAsync(string athlete, string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(athlete, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, cancellationToken);

    public Task<TokenGrant> ExchangeCodeAsync(string code, CancellationToken cancellationToken) =>
        TokenAsync("(new)", new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code }, cancellationToken);

    /// <summary>GETs an API path (relative to <c>api/v3/</c>) as <paramref name="session"/>'s athlete and parses the JSON.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path, AthleteSession session, CancellationToken cancellationToken)
    {
        var renewed = false;
        var tooMany = 0;
        while (true)
        {
            await PaceAsync(cancellationToken).ConfigureAwait(false);
            HttpStatusCode status;
            JsonDocument? document;
            try
            {
                (status, document) = await SendAsync(path, session, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Budget.Release();
            }

            if (document is not null)
            {
                return document;
            }

            if (status == HttpStatusCode.TooManyRequests)
            {
                // Our pacing avoids 429s; repeated ones mean another client shares the application's limits.
                if (++tooMany > MaxConsecutive429)
                {
                    throw new RateLimitStopException(Budget.Check().Wait, Budget.Check().Daily);
                }

                _options.Notice?.Invoke("Strava answered 429 Too Many Requests; waiting for the window to reset");
                Budget.MarkExhausted();
                continue;
            }

            if (renewed)
            {
                throw new StravaExtractException(DiagnosticCodes.StravaRequestFailed,
                    $"Strava rejected the access of athlete '{session.Name}' (401) even after a token refresh; run 'engine auth strava --athlete {session.Name}'");
            }

            _options.Notice?.Invoke($"Strava answered 401 for athlete '{session.Name}'; refreshing the access token");
            await session.RenewAsync(cancellationToken).ConfigureAwait(false);
            renewed = true;
        }
    }

    /// <summary>
    /// One GET with its retries, counted in the totals and the calling flow's tally. The answer is a class, not a tuple: a
    /// reference-type result shares the retry pipeline's generic code with the token requests', which a start would
    /// otherwise JIT-compile a second time for the tuple (Polly's async methods: about 120 of a no-change run's).
    /// </summary>
    private ValueTask<Answer> SendAsync(string path, AthleteSession session, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async token =>
        {
            Count(read: true);
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v3/" + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            Budget.Observe(response.Headers);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                throw new TransientStravaException($"GET {Describe(path)} answered {(int)response.StatusCode}");
            }

            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized)
            {
                return new Answer(response.StatusCode, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new StravaExtractException(DiagnosticCodes.StravaRequestFailed,
                    $"GET {Describe(path)} for athlete '{session.Name}' answered {(int)response.StatusCode}: {Fault(body)}")
                { HttpStatus = (int)response.StatusCode };
            }

            return new Answer(response.StatusCode, Parse(body, path));
        }, cancellationToken);

    private void Count(bool read)
    {
        Interlocked.Increment(ref _requests);
        if (read)
        {
            Interlocked.Increment(ref _reads);
        }

        _tally.Value?.Request(read);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reserves a request of the budget (released by the caller once answered), waiting as the budget requires.</summary>
    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (wait, daily, pending) = Budget.Reserve();
            if (pending is not null)
            {
                // The last of the window is reserved by requests in flight; their answers tell whether any is left.
                await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (wait - RateLimitBudget.Margin > _options.MaxRateLimitWait)
            {
                throw new RateLimitStopException(wait, daily);
            }

            _options.Notice?.Invoke($"rate limit used up; waiting {wait:hh\\:mm\\:ss} for the {(daily ? "daily" : "15-minute")} window to reset");
            await _options.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            Budget.Reset(daily);
        }
    }

    private async Task<TokenGrant> TokenAsync(string athlete, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        form["client_id"] = _options.ClientId;
        form["client_secret"] = _options.ClientSecret;
        return await _retry.ExecuteAsync(async token =>
        {
            Count(read: false);
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync("oauth/token", content, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                throw new TransientStravaException($"POST oauth/token answered {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode)
            {
                var fault = Fault(body);
                var code = fault.Contains("RefreshToken", StringComparison.Ordinal) || fault.Contains("code", StringComparison.Ordinal)
                    ? DiagnosticCodes.StravaRefreshRejected
                    : DiagnosticCodes.StravaCredentials;
                throw new StravaExtractException(code, code == DiagnosticCodes.StravaRefreshRejected
                    ? $"Strava rejected the refresh token of athlete '{athlete}' ({fault}); run 'engine auth strava --athlete {athlete}' to authorise again"
                    : $"Strava rejected the application's client id or secret ({fault}); check STRAVA__CLIENT_ID and STRAVA__CLIENT_SECRET");
            }

            using var document = Parse(body, "oauth/token");
            try
            {
                return TokenGrant.Parse(document.RootElement);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new TransientStravaException("POST oauth/token answered an unreadable token response");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static JsonDocument Parse(byte[] body, string path)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // The message names the position only: the body is Strava's data, not something to echo into logs.
            throw new TransientStravaException($"GET {Describe(path)} answered malformed JSON ({body.Length} bytes, line {e.LineNumber}, byte {e.BytePositionInLine})");
        }
    }

    /// <summary>Strava's Fault body as <c>message: resource/field/code</c>; these never contain tokens.</summary>
    private static string Fault(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = root.TryGetProperty("message", out var m) ? m.ToString() : "error";
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                ? string.Join(", ", e.EnumerateArray().Select(x => $"{Prop(x, "resource")}/{Prop(x, "field")}/{Prop(x, "code")}"))
                : string.Empty;
            return errors.Length > 0 ? $"{message}: {errors}" : message;
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "empty body" : "a body that is not JSON";
        }
    }

    private static string Prop(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : string.Empty;

    /// <summary>The path without its query string, for messages.</summary>
    private static string Describe(string path) => path.Split('?')[0];

    private sealed record Answer(HttpStatusCode Status, JsonDocument? Document);
}
