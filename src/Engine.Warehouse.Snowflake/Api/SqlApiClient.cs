using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Warehouse.Snowflake.Api;

/// <summary>
/// Snowflake's SQL API v2 over HttpClient: submits statements with the context in the body (not USE statements), retries
/// 429/503/504 and dropped connections with backoff under the same <c>requestId</c> (so a retry is never a second run),
/// polls a 202 until the statement ends, fetches the other result partitions, and cancels the statement it waits for
/// when the caller cancels.
/// </summary>
public sealed class SqlApiClient : IDisposable
{
    private const int MaxAttempts = 6;
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly KeyPairJwt _jwt;
    private readonly SqlApiEndpoint _endpoint;
    private long _requests;

    public SqlApiClient(SqlApiEndpoint endpoint, KeyPairJwt jwt, HttpMessageHandler? handler = null)
    {
        _endpoint = endpoint;
        _jwt = jwt;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = endpoint.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("engine", "1.0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public SqlApiEndpoint Endpoint => _endpoint;

    /// <summary>HTTP requests sent so far (submissions, polls, partitions, retries), for the benchmark.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Runs a request to its end and returns its result with every partition.</summary>
    /// <exception cref="SnowflakeApiException">Snowflake refused the statement or the login.</exception>
    public async Task<SqlApiResult> ExecuteAsync(SqlApiRequest request, CancellationToken cancellationToken, int maxRows = int.MaxValue)
    {
        var requestId = Guid.NewGuid().ToString();
        var body = Body(request);
        using var document = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v2/statements?requestId={requestId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, requestId, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(document, maxRows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The result of a statement by handle (a statement of a multi-statement request).</summary>
    public async Task<SqlApiResult> ResultAsync(string handle, CancellationToken cancellationToken, int maxRows = int.MaxValue)
    {
        using var document = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v2/statements/{handle}"), null, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(document, maxRows, cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelAsync(string handle)
    {
        try
        {
            using var cancel = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v2/statements/{handle}/cancel"), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnowflakeApiException or HttpRequestException)
        {
            // The statement ended meanwhile, or the service is gone: nothing left to cancel.
        }
    }

    public void Dispose() => _http.Dispose();

    private string Body(SqlApiRequest request)
    {
        var body = new JsonObject
        {
            ["statement"] = request.Statement,
            ["timeout"] = 0,
            ["database"] = _endpoint.Database,
            ["schema"] = request.Schema ?? _endpoint.Schema,
            ["parameters"] = new JsonObject
            {
                ["MULTI_STATEMENT_COUNT"] = request.StatementCount.ToString(CultureInfo.InvariantCulture),
                ["TIMEZONE"] = "UTC",
            },
        };
        if (_endpoint.Warehouse is { } warehouse)
        {
            body["warehouse"] = warehouse;
        }

        if (_endpoint.Role is { } role)
        {
            body["role"] = role;
        }

        if (request.Bindings.Count > 0)
        {
            var bindings = new JsonObject();
            for (var i = 0; i < request.Bindings.Count; i++)
            {
                var binding = request.Bindings[i];
                bindings[(i + 1).ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["type"] = binding.Type,
                    ["value"] = binding.Value switch
                    {
                        null => null,
                        IEnumerable<string?> values when binding.Value is not string => new JsonArray([.. values.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v)))]),
                        _ => JsonValue.Create(Convert.ToString(binding.Value, CultureInfo.InvariantCulture)),
                    },
                };
            }

            body["bindings"] = bindings;
        }

        return body.ToJsonString();
    }

    private async Task<SqlApiResult> FinishAsync(JsonDocument first, int maxRows, CancellationToken cancellationToken)
    {
        var root = first.RootElement;
        var handle = root.TryGetProperty("statementHandle", out var h) ? h.GetString() ?? string.Empty : string.Empty;
        JsonDocument? polled = null;
        try
        {
            var delay = TimeSpan.FromMilliseconds(50);
            while (root.TryGetProperty("code", out var code) && code.GetString() == "333334")
            {
                // Still running (202): poll with backoff; Ctrl-C cancels the statement on the server.
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
                    polled?.Dispose();
                    polled = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v2/statements/{handle}"), null, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await CancelAsync(handle).ConfigureAwait(false);
                    throw;
                }

                root = polled.RootElement;
            }

            var columns = root.TryGetProperty("resultSetMetaData", out var meta) && meta.TryGetProperty("rowType", out var rowType)
                ? [.. rowType.EnumerateArray().Select(c => new SqlApiColumn(
                    c.GetProperty("name").GetString() ?? string.Empty,
                    c.GetProperty("type").GetString() ?? "text",
                    c.TryGetProperty("scale", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null))]
                : ImmutableArray<SqlApiColumn>.Empty;
            var numRows = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("numRows", out var n) ? n.GetInt64() : 0;
            var rows = new List<string?[]>();
            Decode(root, columns, rows, maxRows);
            var partitions = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("partitionInfo", out var info) ? info.GetArrayLength() : 1;
            for (var partition = 1; partition < partitions && rows.Count < maxRows; partition++)
            {
                using var page = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v2/statements/{handle}?partition={partition}"), null, cancellationToken).ConfigureAwait(false);
                Decode(page.RootElement, columns, rows, maxRows);
            }

            long? affected = null;
            if (root.TryGetProperty("stats", out var stats) && stats.ValueKind == JsonValueKind.Object)
            {
                affected = stats.EnumerateObject().Where(p => p.Name.StartsWith("numRows", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Number).Sum(p => p.Value.GetInt64());
            }

            var handles = root.TryGetProperty("statementHandles", out var many)
                ? [.. many.EnumerateArray().Select(e => e.GetString() ?? string.Empty)]
                : ImmutableArray<string>.Empty;
            return new SqlApiResult(handle, columns, rows, numRows, affected, handles);
        }
        finally
        {
            polled?.Dispose();
            first.Dispose();
        }
    }

    private static void Decode(JsonElement root, ImmutableArray<SqlApiColumn> columns, List<string?[]> rows, int maxRows)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var row in data.EnumerateArray())
        {
            if (rows.Count >= maxRows)
            {
                return;
            }

            var values = new string?[columns.Length];
            var i = 0;
            foreach (var value in row.EnumerateArray())
            {
                if (i < values.Length)
                {
                    values[i] = SqlApiValue.Decode(value.ValueKind == JsonValueKind.Null ? null : value.GetString(), columns[i]);
                }

                i++;
            }

            rows.Add(values);
        }
    }

    /// <summary>Sends with authentication and retries; a 200 or 202 body comes back, anything else is thrown.</summary>
    private async Task<JsonDocument> SendAsync(Func<HttpRequestMessage> create, string? requestId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var renewed = false;
        for (var attempt = 1; ; attempt++)
        {
            using var message = create();
            if (attempt > 1 && requestId is not null)
            {
                // The same requestId with retry=true: Snowflake answers with the statement already submitted, if any.
                message.RequestUri = new Uri($"api/v2/statements?requestId={requestId}&retry=true", UriKind.Relative);
            }

            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _jwt.Token());
            message.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
            Interlocked.Increment(ref _requests);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 429 or 503 or 504 && attempt < MaxAttempts)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? delay;
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed)
                {
                    // An expired or rotated token: sign a new one once.
                    _jwt.Invalidate();
                    renewed = true;
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (status is 200 or 202)
                {
                    return JsonDocument.Parse(text);
                }

                throw Refused(status, text);
            }
        }
    }

    private static SnowflakeApiException Refused(int status, string text)
    {
        try
        {
            using var error = JsonDocument.Parse(text);
            var root = error.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new SnowflakeApiException(status, Get("code"), Get("sqlState"), Get("message") ?? $"HTTP {status}");
        }
        catch (JsonException)
        {
            return new SnowflakeApiException(status, null, null, $"HTTP {status} from the Snowflake SQL API");
        }
    }
}
