using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strava.Sandbox.Webhooks;

/// <summary>
/// Strava's push subscriptions (https://developers.strava.com/docs/webhooks): one subscription per application,
/// created with the client's id and secret after the callback echoes <c>hub.challenge</c> within 2 seconds; events are
/// POSTed to the callback as JSON, and a delivery not acknowledged with 200 within 2 seconds is tried again, three
/// attempts in all. Callbacks are reached over real HTTP (loopback only in tests).
/// </summary>
public sealed class WebhookHub(SandboxOptions options)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new() { Timeout = Deadline };
    private readonly Lock _gate = new();
    private PushSubscription? _subscription;
    private int _nextId = 120475;

    public WebhookFaults Faults { get; } = new();

    public PushSubscription? Subscription
    {
        get
        {
            lock (_gate)
            {
                return _subscription;
            }
        }
    }

    /// <summary>Every delivery attempt: the event, the status the callback answered (0: no answer in time).</summary>
    public List<(WebhookEvent Event, int Status)> Deliveries { get; } = [];

    internal async Task HandleAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        string Value(string name) => form?[name].ToString() is { Length: > 0 } v ? v : request.Query[name].ToString();
        if (Value("client_id") != options.ClientId || Value("client_secret") != options.ClientSecret)
        {
            await Api.ApiHandler.WriteFaultAsync(context, 401, "Authorization Error", "Application", "client_id", "invalid").ConfigureAwait(false);
            return;
        }

        if (path == "/push_subscriptions" && HttpMethods.IsPost(request.Method))
        {
            await CreateAsync(context, Value("callback_url"), Value("verify_token")).ConfigureAwait(false);
        }
        else if (path == "/push_subscriptions" && HttpMethods.IsGet(request.Method))
        {
            var current = Subscription;
            await WriteJsonAsync(context, current is null ? new JsonArray() : new JsonArray(Describe(current))).ConfigureAwait(false);
        }
        else if (path.StartsWith("/push_subscriptions/", StringComparison.Ordinal) && HttpMethods.IsDelete(request.Method)
                 && int.TryParse(path["/push_subscriptions/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            lock (_gate)
            {
                if (_subscription?.Id != id)
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                _subscription = null;
            }

            context.Response.StatusCode = 204;
        }
        else
        {
            await Api.ApiHandler.WriteFaultAsync(context, 404, "Resource Not Found", "Path", string.Empty, "not found").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Posts events for the current subscription with the configured faults, retrying an unacknowledged delivery up
    /// to three attempts in all; returns when all have been tried.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<WebhookEvent> events, CancellationToken cancellationToken = default)
    {
        var subscription = Subscription ?? throw new InvalidOperationException("no push subscription to deliver to");
        var order = Faults.Reorder ? events.Reverse().ToList() : [.. events];
        foreach (var e in order)
        {
            for (var copy = 0; copy <= Faults.Duplicates; copy++)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    if (Faults.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(Faults.Delay, cancellationToken).ConfigureAwait(false);
                    }

                    var status = await PostAsync(subscription, e, cancellationToken).ConfigureAwait(false);
                    lock (Deliveries)
                    {
                        Deliveries.Add((e, status));
                    }

                    if (status == 200)
                    {
                        break;
                    }
                }
            }
        }
    }

    private async Task<int> PostAsync(PushSubscription subscription, WebhookEvent e, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["aspect_type"] = e.AspectType,
            ["event_time"] = e.EventTime,
            ["object_id"] = e.ObjectId,
            ["object_type"] = e.ObjectType,
            ["owner_id"] = e.OwnerId,
            ["subscription_id"] = subscription.Id,
            ["updates"] = new JsonObject([.. e.Updates.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value))]),
        };
        try
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(subscription.CallbackUrl, content, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private async Task CreateAsync(HttpContext context, string callback, string verifyToken)
    {
        if (Subscription is not null)
        {
            await Api.ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "PushSubscription", "callback_url", "already exists").ConfigureAwait(false);
            return;
        }

        if (!Uri.TryCreate(callback, UriKind.Absolute, out var url) || callback.Length > 255 || !await ValidatesAsync(url, verifyToken, context.RequestAborted).ConfigureAwait(false))
        {
            await Api.ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "PushSubscription", "callback url", "GET to callback URL does not return 200").ConfigureAwait(false);
            return;
        }

        PushSubscription created;
        lock (_gate)
        {
            created = _subscription = new PushSubscription(_nextId++, url, verifyToken, options.Clock.GetUtcNow());
        }

        context.Response.StatusCode = 201;
        await WriteJsonAsync(context, Describe(created)).ConfigureAwait(false);
    }

    /// <summary>Strava's validation: GET the callback with a challenge; it must answer 200 with the challenge echoed as JSON.</summary>
    private async Task<bool> ValidatesAsync(Uri callback, string verifyToken, CancellationToken cancellationToken)
    {
        var challenge = Guid.NewGuid().ToString("N");
        var separator = callback.Query.Length > 0 ? "&" : "?";
        var url = new Uri($"{callback}{separator}hub.verify_token={Uri.EscapeDataString(verifyToken)}&hub.challenge={challenge}&hub.mode=subscribe");
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return json.RootElement.TryGetProperty("hub.challenge", out var echoed) && echoed.GetString() == challenge;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }

    /// <summary>JSON written from nodes, not by the reflection-based serializer, which the ahead-of-time build leaves out.</summary>
    private static Task WriteJsonAsync(HttpContext context, JsonNode json)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }

    private JsonObject Describe(PushSubscription s) => new()
    {
        ["id"] = s.Id,
        ["resource_state"] = 2,
        ["application_id"] = int.Parse(options.ClientId, CultureInfo.InvariantCulture),
        ["callback_url"] = s.CallbackUrl.ToString(),
        ["created_at"] = s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["updated_at"] = s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}
