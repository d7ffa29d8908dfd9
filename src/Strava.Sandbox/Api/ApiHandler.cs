using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Strava.Sandbox.Api;

/// <summary>Routes and answers the sandbox's requests the way Strava does, with the configured faults.</summary>
internal sealed class ApiHandler(SandboxServer server)
{
    private const int MaxPerPage = 200;
    private static readonly int[] ServerErrors = [500, 502, 503];
    private int _serverErrors;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var now = server.Clock.GetUtcNow();
        context.Response.Headers.Date = now.ToString("R", CultureInfo.InvariantCulture);
        try
        {
            if (server.Options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(server.Options.Latency, context.RequestAborted).ConfigureAwait(false);
            }

            var path = request.Path.Value ?? "/";
            if (path is "/oauth/token" or "/api/v3/oauth/token" && HttpMethods.IsPost(request.Method))
            {
                await OAuth.TokenAsync(server, context, now).ConfigureAwait(false);
            }
            else if (path == "/oauth/authorize" && HttpMethods.IsGet(request.Method))
            {
                OAuth.Authorize(server, context);
            }
            else if (path.StartsWith("/api/v3/push_subscriptions", StringComparison.Ordinal))
            {
                await server.Webhooks.HandleAsync(context, path["/api/v3".Length..]).ConfigureAwait(false);
            }
            else if (path.StartsWith("/api/v3/", StringComparison.Ordinal))
            {
                await ApiAsync(context, path["/api/v3".Length..], now).ConfigureAwait(false);
            }
            else
            {
                await WriteFaultAsync(context, 404, "Resource Not Found", "Path", string.Empty, "not found").ConfigureAwait(false);
            }
        }
        finally
        {
            server.Record(new SandboxRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, context.Response.StatusCode));
        }
    }

    private async Task ApiAsync(HttpContext context, string path, DateTimeOffset now)
    {
        var faults = server.Faults;
        await faults.HoldAsync(context.RequestAborted).ConfigureAwait(false);
        if (faults.TakeSlow())
        {
            await Task.Delay(faults.SlowDelay, context.RequestAborted).ConfigureAwait(false);
        }

        var (allowed, headers) = server.RateLimits.Count(now);
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!allowed)
        {
            await WriteFaultAsync(context, 429, "Rate Limit Exceeded", "Application", "rate limit", "exceeded").ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : string.Empty;
        if (server.Tokens.Authenticate(token, now) is not { } athleteId || faults.TakeRejectedToken())
        {
            await WriteFaultAsync(context, 401, "Authorization Error", "Athlete", "access_token", "invalid").ConfigureAwait(false);
            return;
        }

        if (faults.TakeServerError())
        {
            context.Response.StatusCode = ServerErrors[Interlocked.Increment(ref _serverErrors) % ServerErrors.Length];
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h1>We're sorry, but something went wrong.</h1></body></html>", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var body = new ArrayBufferWriter<byte>();
        int statusCode;
        using (var json = new Utf8JsonWriter(body))
        {
            statusCode = Route(json, path, context.Request.Query, athleteId, now);
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        var bytes = body.WrittenMemory;
        if (statusCode == 200 && faults.TakeMalformed())
        {
            await context.Response.WriteAsync("<html>upstream connect error or disconnect/reset before headers</html>", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (statusCode == 200 && faults.TakeTruncated())
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes the JSON body for an authenticated API request; returns the status code.</summary>
    private int Route(Utf8JsonWriter json, string path, IQueryCollection query, long athleteId, DateTimeOffset now)
    {
        var data = server.Data;
        if (path == "/athlete")
        {
            StravaJson.Athlete(json, data.Athlete(athleteId)!, data.Profile(athleteId, now), detailed: true);
            return 200;
        }

        if (path == "/athlete/activities")
        {
            if (!Int(query, "page", 1, out var page) || page < 1)
            {
                return Fault(json, 400, "Bad Request", "Application", "page", "invalid");
            }

            if (!Int(query, "per_page", 30, out var perPage) || perPage < 1)
            {
                return Fault(json, 400, "Bad Request", "Application", "per_page", "invalid");
            }

            // Strava's answer to milliseconds where seconds are expected.
            if (!Epoch(query, "before", out var before))
            {
                return Fault(json, 400, "Bad Request", "Application", "before", "future");
            }

            if (!Epoch(query, "after", out var after))
            {
                return Fault(json, 400, "Bad Request", "Application", "after", "future");
            }

            json.WriteStartArray();
            foreach (var activity in data.Page(athleteId, now, before, after, page, Math.Min(perPage, MaxPerPage)))
            {
                StravaJson.SummaryActivity(json, activity);
            }

            json.WriteEndArray();
            return 200;
        }

        if (path.StartsWith("/activities/", StringComparison.Ordinal)
            && long.TryParse(path["/activities/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var activity = data.Find(id, now);
            if (activity is null || activity.AthleteId != athleteId)
            {
                return Fault(json, 404, "Resource Not Found", "Activity", string.Empty, "not found");
            }

            StravaJson.SummaryActivity(json, activity, detailed: true);
            return 200;
        }

        return Fault(json, 404, "Resource Not Found", "Path", string.Empty, "not found");
    }

    private static int Fault(Utf8JsonWriter json, int status, string message, string resource, string field, string code)
    {
        StravaJson.Fault(json, message, resource, field, code);
        return status;
    }

    internal static async Task WriteFaultAsync(HttpContext context, int status, string message, string resource, string field, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            StravaJson.Fault(json, message, resource, field, code);
        }

        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool Int(IQueryCollection query, string name, int fallback, out int value)
    {
        value = fallback;
        var text = query[name].ToString();
        return text.Length == 0 || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Epoch seconds; values past the year 3000 are milliseconds by mistake, which Strava rejects.</summary>
    private static bool Epoch(IQueryCollection query, string name, out long? value)
    {
        value = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) || seconds > 32_503_680_000)
        {
            value = 0;
            return false;
        }

        value = seconds;
        return true;
    }
}
